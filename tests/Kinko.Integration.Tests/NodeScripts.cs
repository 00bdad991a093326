using System.Diagnostics;

namespace Kinko.Integration.Tests;

/// <summary>The Node.js client scripts under tests/node (ccxt, installed there by <c>npm ci</c>, which ./test.sh runs).</summary>
internal static class NodeScripts
{
    public static string Folder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Kinko.slnx")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder.ShouldNotBeNull("the repository root (Kinko.slnx) is above the test assembly").FullName, "tests", "node");
    }

    /// <summary>Fails with what to do when ccxt is not installed.</summary>
    public static string FolderWithCcxt()
    {
        var folder = Folder();
        File.Exists(Path.Combine(folder, "node_modules", "ccxt", "package.json"))
            .ShouldBeTrue($"ccxt is not installed in {folder}: run `npm ci` there (./test.sh does)");
        return folder;
    }

    public static Process Start(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = FolderWithCcxt(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start).ShouldNotBeNull();
    }
}
