using System;
using System.Linq;
using TorchTraining.Transforms;

namespace TorchTraining.Datasets;

/// <summary>
/// Splits samples per class: of a class's n samples, round(n × fraction) (halves away from zero, at most n - 1 so that
/// every class keeps a training sample) chosen by a seeded shuffle of that class go to validation. Deterministic for a
/// seed and the same samples, whatever order the file system lists them in.
/// </summary>
internal static class StratifiedSplit
{
    public static bool[] ValidationMask(int[] labels, int classCount, double fraction, int seed)
    {
        var isValidation = new bool[labels.Length];
        var byClass = Enumerable.Range(0, labels.Length).ToLookup(i => labels[i]);
        for (var label = 0; label < classCount; label++)
        {
            var members = byClass[label].ToArray();
            var take = Math.Min((int)Math.Round(members.Length * fraction, MidpointRounding.AwayFromZero), Math.Max(members.Length - 1, 0));
            SampleRandom.ForSplit(seed, label).Shuffle(members);
            foreach (var i in members.Take(take))
            {
                isValidation[i] = true;
            }
        }

        return isValidation;
    }
}
