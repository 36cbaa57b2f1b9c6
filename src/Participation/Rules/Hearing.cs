using System.Runtime.CompilerServices;

namespace Participation.Rules;

/// <summary>
/// Hearing of an activity (MODEL.md phase 2): through an offline notice in the building, the online
/// group (needs membership and digital literacy), word of mouth from ties who took part last week,
/// or a personal invitation. Channels are independent; a resident hears if any channel reaches them.
/// </summary>
public static class Hearing
{
    /// <summary>Probability of hearing in person: notice or word of mouth from <paramref name="tiesWhoTookPart"/> ties.</summary>
    /// <param name="notice">Probability a building notice reaches the resident this week.</param>
    /// <param name="wordOfMouth">Probability of hearing from each tie who took part.</param>
    /// <param name="tiesWhoTookPart">Ties who took part last week.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float InPerson(float notice, float wordOfMouth, int tiesWhoTookPart) =>
        1f - (1f - notice) * MathF.Pow(1f - wordOfMouth, tiesWhoTookPart);

    /// <summary>The same as <see cref="InPerson"/> with (1 − word of mouth)^ties already computed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float InPersonFromPower(float notice, float notHeardFromTies) => 1f - (1f - notice) * notHeardFromTies;

    /// <summary>Probability of hearing online: group member × channel reach × digital literacy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Online(bool inGroup, float reach, float digitalLiteracy) => inGroup ? reach * digitalLiteracy : 0f;

    /// <summary>
    /// Probability of being personally invited this week: each backbone tie invites with probability
    /// (invitations per backbone) / (its ties), and staff reach any adult with <paramref name="staffProbability"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invited(float notInvitedByBackbones, float staffProbability) =>
        1f - notInvitedByBackbones * (1f - staffProbability);
}
