using System.Runtime.CompilerServices;
using Participation.Randomness;
using Participation.Residents;

namespace Participation.Rules;

/// <summary>
/// Hearing of an activity (docs/model.md, phase 2): through an offline notice in the building, the online
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

    /// <summary>
    /// What adult <paramref name="i"/> reads of its ties this week: T_i, its strong ties and, once its weak-ties flag is
    /// on, its weak ones too. Influence q_i = (ties in T_i who took part last week) / (adult ties in T_i, at least 1) ·
    /// L.influenceFactor; each tie j that may invite — an adult backbone at <c>hearing.invitationsPerBackbone</c> ·
    /// L.invitationFactor a week, another adult party member at L.partyInvitations — leaves i uninvited with
    /// 1 − min(1, rate_j / deg_j); then one draw: <c>P(invited) = 1 − Π_j (1 − p_j) · (1 − p_staff) · (1 − L.inviteBoost_i)</c>.
    /// </summary>
    internal static TiesRead OfTies(Week w, int i, CounterRandom invitation)
    {
        var pop = w.Population; var net = w.Network; var offer = w.Offer;
        bool weak = pop.WeakTiesActive[i] != 0; // weak ties count only once they are active
        int adultTies = 0, tookPart = 0;
        float notInvited = 1f;
        for (int e = net.Offsets[i], end = weak ? net.Offsets[i + 1] : net.WeakStart[i]; e < end; e++)
        {
            int j = net.Targets[e];
            if (pop.Occupation[j] == Occupation.Child) continue;
            adultTies++;
            if (pop.ParticipationPrev[j] != 0) tookPart++;
            float rate = pop.Role[j] >= Role.Backbone ? offer.InvitationsPerBackbone : pop.PartyMember[j] != 0 ? offer.PartyInvitations : 0f;
            if (rate > 0f) notInvited *= LeavesUninvited(rate, net.Degree(j));
        }
        // Only adults count as took part, so no adult ties means none took part: 0 / 1 = 0.
        float influence = (float)tookPart / Math.Max(adultTies, 1) * offer.InfluenceFactor;
        float pInvited = 1f - (1f - Invited(notInvited, offer.StaffInviteProbability)) * (1f - w.Levers.InviteBoost[i]);
        return new TiesRead(influence, tookPart, invitation.UniformF(i) < pInvited);
    }

    /// <summary>
    /// The factor by which an inviter with <paramref name="ties"/> ties and <paramref name="rate"/> invitations a week
    /// leaves each of them uninvited: 1 − min(1, rate / ties).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float LeavesUninvited(float rate, int ties) => 1f - MathF.Min(1f, rate / ties);

    /// <summary>
    /// How a resident hears of one activity: in person when <paramref name="inPersonAnyway"/> (invited, or a backbone
    /// for the council) or its in-person draw falls below <paramref name="inPerson"/>; otherwise online when that draw
    /// falls below <paramref name="online"/>; otherwise not at all.
    /// </summary>
    internal static Heard OfActivity(int i, bool inPersonAnyway, float inPerson, float online, CounterRandom inPersonDraw, CounterRandom onlineDraw) =>
        inPersonAnyway || inPersonDraw.UniformF(i) < inPerson ? Heard.InPerson
        : onlineDraw.UniformF(i) < online ? Heard.OnlineOnly : Heard.Not;
}

/// <summary>What an adult reads of its ties in a week (<see cref="Hearing.OfTies"/>).</summary>
/// <param name="Influence">q_i times the week's influence lever.</param>
/// <param name="TookPart">Ties in T_i who took part last week.</param>
/// <param name="Invited">Personally invited this week (to every activity of the week).</param>
internal readonly record struct TiesRead(float Influence, int TookPart, bool Invited);

/// <summary>How a resident heard of an activity.</summary>
internal enum Heard
{
    /// <summary>Not at all: the activity is not considered.</summary>
    Not,
    /// <summary>Only online (the digital barrier applies).</summary>
    OnlineOnly,
    /// <summary>In person (a notice, word of mouth, an invitation).</summary>
    InPerson,
}
