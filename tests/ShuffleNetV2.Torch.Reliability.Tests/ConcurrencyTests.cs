using System.Linq;
using System.Threading.Tasks;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Reliability;

public sealed class ConcurrencyTests
{
    private const int Threads = 4;
    private const int RoundsPerThread = 3;

    [Fact]
    public void Forward_FourThreadsOnOneSharedEvalModel_GiveTheSingleThreadedOutputs()
    {
        using var model = NewModel(seed: 11);
        var inputs = Inputs(seed: 12);
        var expected = inputs.Select(x => Forward(model, x)).ToArray();

        var actual = RunOnThreads(thread => Forward(model, inputs[thread]));

        for (var thread = 0; thread < Threads; thread++)
        {
            actual[thread].Should().AllSatisfy(output => output.Should().Equal(expected[thread]));
        }

        Dispose(inputs);
    }

    [Fact]
    public void Forward_FourThreadsOnSeparateModels_GiveTheSingleThreadedOutputs()
    {
        var models = Enumerable.Range(0, Threads).Select(_ => NewModel(seed: 21)).ToArray();
        foreach (var copy in models.Skip(1))
        {
            // Other test classes run in parallel and share the global generator, so copy instead of re-seeding.
            copy.load_state_dict(models[0].state_dict());
        }

        var inputs = Inputs(seed: 22);
        var expected = Forward(models[0], inputs[0]);

        var actual = RunOnThreads(thread => Forward(models[thread], inputs[0]));

        actual.SelectMany(outputs => outputs).Should().AllSatisfy(output => output.Should().Equal(expected));
        foreach (var model in models)
        {
            model.Dispose();
        }

        Dispose(inputs);
    }

    private static ShuffleNetV2 NewModel(int seed)
    {
        manual_seed(seed);
        var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        model.eval();
        return model;
    }

    private static Tensor[] Inputs(int seed)
    {
        manual_seed(seed);
        return Enumerable.Range(0, Threads).Select(_ => rand(2, 3, 64, 64).DetachFromDisposeScope()).ToArray();
    }

    private static float[] Forward(ShuffleNetV2 model, Tensor input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return model.call(input).data<float>().ToArray();
    }

    private static float[][][] RunOnThreads(System.Func<int, float[]> work) =>
        Enumerable.Range(0, Threads)
            .Select(thread => Task.Factory.StartNew(() => Enumerable.Range(0, RoundsPerThread).Select(_ => work(thread)).ToArray(), TaskCreationOptions.LongRunning))
            .ToArray()
            .Select(task => task.GetAwaiter().GetResult())
            .ToArray();

    private static void Dispose(Tensor[] tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }
}
