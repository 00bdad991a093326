using System.Diagnostics;
using System.Text;

namespace Kinko.TestSupport;

/// <summary>The outcome of one finished child process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() => $"exit code {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}

/// <summary>
/// Runs short-lived tools (initdb, pg_ctl, chown) and, when the test process is root, runs the
/// PostgreSQL tools as the <c>postgres</c> user through <c>runuser</c> (initdb refuses root).
/// </summary>
internal static class ProcessRunner
{
    public const string PostgresUser = "postgres";

    public static bool IsRoot => Environment.UserName == "root";

    public static ProcessResult RunAsPostgres(string workingDirectory, TimeSpan timeout, string tool, params string[] arguments)
    {
        if (!IsRoot)
        {
            return Run(workingDirectory, timeout, tool, arguments);
        }

        string[] wrapped = ["-u", PostgresUser, "--", tool, .. arguments];
        return Run(workingDirectory, timeout, "runuser", wrapped);
    }

    public static ProcessResult Run(string workingDirectory, TimeSpan timeout, string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        RemoveInheritedPostgresVariables(startInfo);

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var standardOutput = new StringBuilder();
        var standardError = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(standardOutput, e.Data);
        process.ErrorDataReceived += (_, e) => Append(standardError, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s");
        }

        process.WaitForExit(); // drains the asynchronous readers
        return new ProcessResult(process.ExitCode, Read(standardOutput), Read(standardError));
    }

    /// <summary>Starts a process and lets it go: used for the cleanup watchdog.</summary>
    public static void StartDetached(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    private static void RemoveInheritedPostgresVariables(ProcessStartInfo startInfo)
    {
        var inherited = startInfo.Environment.Keys
            .Where(key => key.StartsWith("PG", StringComparison.Ordinal))
            .ToList();
        foreach (var key in inherited)
        {
            startInfo.Environment.Remove(key);
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    private static string Read(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
