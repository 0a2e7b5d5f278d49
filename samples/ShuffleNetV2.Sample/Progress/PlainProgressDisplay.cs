using System;
using System.IO;
using TorchTraining;
using TorchTraining.Reporting;

namespace ShuffleNet.Torch.Sample;

/// <summary>Progress as plain lines for files, pipes and logs: the library's <see cref="TextProgressObserver"/>.</summary>
internal sealed class PlainProgressDisplay(TextWriter stderr) : ProgressDisplay
{
    public override void Run(Action<ITrainingObserver> train) => train(new TextProgressObserver(stderr));

    public override void Note(string line) => stderr.WriteLine(line);
}
