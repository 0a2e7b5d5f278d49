namespace TorchTraining.Datasets;

/// <summary>Which pair of files of an MNIST-layout folder to read.</summary>
public enum IdxSplit
{
    /// <summary><c>train-images-idx3-ubyte</c> and <c>train-labels-idx1-ubyte</c> (60,000 images in MNIST and Fashion-MNIST).</summary>
    Train,

    /// <summary><c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c> (10,000 images in MNIST and Fashion-MNIST).</summary>
    Test,
}
