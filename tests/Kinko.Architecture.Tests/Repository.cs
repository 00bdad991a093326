namespace Kinko.Architecture.Tests;

/// <summary>The repository these tests run in: its root folder and its files, build output excluded.</summary>
public static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding Kinko.slnx, found by walking up from the test assembly.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Files under <paramref name="folder"/> (relative to the root), skipping bin/ and obj/ folders.</summary>
    public static IEnumerable<string> Files(string folder, string pattern)
    {
        var start = Path.Combine(Root, folder);
        if (!Directory.Exists(start))
        {
            return [];
        }

        return Directory.EnumerateFiles(start, pattern, SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>The path relative to the root, with forward slashes.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static bool IsBuildOutput(string path) =>
        Relative(path).Split('/').Any(segment => segment is "bin" or "obj");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Kinko.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Kinko.slnx above {AppContext.BaseDirectory}");
    }
}
