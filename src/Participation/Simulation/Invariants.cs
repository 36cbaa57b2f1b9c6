using Participation.Residents;

namespace Participation.Simulation;

/// <summary>State invariants: every share in [0, 1] and finite, roles consistent with spells.</summary>
internal static class Invariants
{
    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first resident and variable out of range.</summary>
    public static void Check(Population pop, int tick)
    {
        (string Name, float[] Values)[] shares =
        [
            ("trust", pop.Trust), ("committeeTrust", pop.CommitteeTrust), ("reciprocity", pop.Reciprocity),
            ("belonging", pop.Belonging), ("responsibility", pop.Responsibility), ("efficacy", pop.Efficacy),
            ("fatigue", pop.Fatigue), ("identity", pop.Identity), ("digitalLiteracy", pop.DigitalLiteracy),
        ];
        foreach (var (name, values) in shares)
            for (int i = 0; i < values.Length; i++)
                if (!(values[i] >= 0f && values[i] <= 1f))
                    throw new InvalidOperationException($"tick {tick}: resident {i} has {name} = {values[i]}, outside [0, 1]");
        for (int i = 0; i < pop.Count; i++)
        {
            if (!(pop.FreeHours[i] >= 0f) || float.IsInfinity(pop.FreeHours[i]))
                throw new InvalidOperationException($"tick {tick}: resident {i} has free hours {pop.FreeHours[i]}");
            bool backbone = pop.Role[i] >= Role.Backbone;
            if (backbone != (pop.BackboneSince[i] >= 0))
                throw new InvalidOperationException($"tick {tick}: resident {i} has role {pop.Role[i]} but backbone-since {pop.BackboneSince[i]}");
            if (backbone && pop.Occupation[i] == Occupation.Child)
                throw new InvalidOperationException($"tick {tick}: resident {i} is a child with a backbone role");
        }
    }
}
