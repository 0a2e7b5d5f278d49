namespace TorchTraining.Datasets;

/// <summary>The two layouts <see cref="ImageData"/> recognises.</summary>
public enum ImageDataKind
{
    /// <summary>A folder of MNIST-layout IDX files (train-images-idx3-ubyte, t10k-images-idx3-ubyte and their labels, gzipped or not).</summary>
    Idx,

    /// <summary>torchvision's ImageFolder: one subfolder of images per class, or train/ and val/ holding such subfolders.</summary>
    ImageFolder,
}
