using System.Diagnostics;
using Kinko.TestSupport;

namespace Kinko.Integration.Tests;

/// <summary>
/// Runs the real <c>kinko</c> command (kinko.dll, built by the project reference to src/Kinko.Cli)
/// as a child process through the same <c>dotnet</c> host that runs the tests.
/// </summary>
public static class KinkoCli
{
    private static readonly Lazy<string> DllPath = new(FindDll);

    /// <summary>The kinko.dll the tests run.</summary>
    public static string Dll => DllPath.Value;

    /// <summary>Starts <c>kinko ARGS</c> in <paramref name="workingDirectory"/>; stdout is read line by line.</summary>
    public static KinkoProcess Start(string workingDirectory, params string[] arguments) => Start(workingDirectory, null, arguments);

    /// <summary>As <see cref="Start(string, string[])"/>, with extra environment variables.</summary>
    public static KinkoProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Start(workingDirectory, environment, null, arguments);

    /// <summary>As <see cref="Start(string, string[])"/>, with extra environment variables and text for standard input.</summary>
    public static KinkoProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string? standardInput, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The developer's own settings must not leak into the commands under test.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("KINKO_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return new KinkoProcess(startInfo, standardInput);
    }

    /// <summary>Runs <c>kinko ARGS</c> to its end; killed, and a failure, after <paramref name="timeout"/>.</summary>
    public static Task<ProcessResult> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] arguments) =>
        RunAsync(workingDirectory, environment, null, timeout, arguments);

    /// <summary>As <see cref="RunAsync(string, IReadOnlyDictionary{string, string}?, TimeSpan, string[])"/>, with <paramref name="standardInput"/> written to the command's stdin.</summary>
    public static async Task<ProcessResult> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string>? environment, string? standardInput, TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(workingDirectory, environment, standardInput, arguments);
        if (!await process.WaitForExitAsync(timeout))
        {
            process.Kill();
            throw new TimeoutException($"did not finish within {timeout.TotalSeconds} s\n{process.Describe()}");
        }

        return new ProcessResult(process.ExitCode, process.StandardOutput, process.StandardError);
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static string FindDll()
    {
        var besideTests = Path.Combine(AppContext.BaseDirectory, "kinko.dll");
        if (File.Exists(besideTests) && File.Exists(Path.Combine(AppContext.BaseDirectory, "kinko.runtimeconfig.json")))
        {
            return besideTests;
        }

        // Fallback: the CLI project's own output, for the configuration the tests were built in.
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "Kinko.Cli", "bin", Configuration, "net10.0", "kinko.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"kinko.dll was found neither in {AppContext.BaseDirectory} nor under src/Kinko.Cli/bin/{Configuration}");
    }
}
