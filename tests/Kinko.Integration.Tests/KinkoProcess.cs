using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Kinko.Integration.Tests;

/// <summary>
/// A running <c>kinko</c> child process. Standard output is split into complete lines only (a line
/// cut short by a kill is kept apart as <see cref="UnterminatedTail"/>, never counted as a line).
/// Disposing kills the process (and its children) if it still runs.
/// </summary>
public sealed partial class KinkoProcess : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<Waiter> _waiters = [];
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly TaskCompletionSource _stderrDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _tail = "";
    private bool _stdoutClosed;

    /// <summary>Starts the process; <paramref name="standardInput"/>, if given, is written to its stdin before stdin is closed.</summary>
    public KinkoProcess(ProcessStartInfo startInfo, string? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        StartInfo = startInfo;
        _process = new Process { StartInfo = startInfo };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _stderrDone.TrySetResult();
                return;
            }

            lock (_gate)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.Start();
        if (standardInput is not null)
        {
            _process.StandardInput.Write(standardInput);
        }

        _process.StandardInput.Close();
        _process.BeginErrorReadLine();
        _stdoutPump = Task.Run(() => PumpAsync(_process.StandardOutput.BaseStream));
    }

    public ProcessStartInfo StartInfo { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The complete stdout lines read so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public string StandardOutput => string.Join('\n', Lines) + (UnterminatedTail.Length > 0 ? "\n" + UnterminatedTail : "");

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Bytes after the last newline when stdout closed (a line cut short).</summary>
    public string UnterminatedTail
    {
        get
        {
            lock (_gate)
            {
                return _tail;
            }
        }
    }

    /// <summary>
    /// Completes with the first line (read so far or later) for which <paramref name="match"/> is true,
    /// or with null when stdout closes first. <paramref name="match"/> sees every line once, in order.
    /// </summary>
    public Task<string?> WaitForLineAsync(Func<string, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            foreach (var line in _lines)
            {
                if (match(line))
                {
                    return Task.FromResult<string?>(line);
                }
            }

            if (_stdoutClosed)
            {
                return Task.FromResult<string?>(null);
            }

            var waiter = new Waiter(match);
            _waiters.Add(waiter);
            return waiter.Completion.Task;
        }
    }

    /// <summary>Waits for the exit and for both output streams to be read to their end.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await Task.WhenAll(_stdoutPump, _stderrDone.Task).WaitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>SIGKILL to the process and its children; returns once it is gone and its output read.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.WaitForExit();
        Task.WhenAll(_stdoutPump, _stderrDone.Task).Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends SIGTERM (a polite stop, like systemd or docker stop).</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        })!;
        kill.WaitForExit();
    }

    /// <summary>The address a <c>kinko serve</c> child prints once it listens (<c>http://127.0.0.1:PORT</c>); fails if it ends or takes longer than <paramref name="limit"/>.</summary>
    public async Task<string> ServerAddressAsync(TimeSpan limit)
    {
        var line = await WaitForLineAsync(l => l.Contains("http://127.0.0.1:", StringComparison.Ordinal)).WaitAsync(limit);
        line.ShouldNotBeNull($"kinko serve ended without printing its address\n{Describe()}");
        var url = AddressPattern().Match(line).Value;
        url.ShouldNotBeNullOrEmpty();
        return url;
    }

    public string Describe() =>
        $"kinko {string.Join(' ', StartInfo.ArgumentList.Skip(1))}\n" +
        $"exit: {(HasExited ? ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "running")}\n" +
        $"stdout (last lines):\n{string.Join('\n', Lines.TakeLast(30))}\nstderr:\n{StandardError}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private async Task PumpAsync(Stream stdout)
    {
        var buffer = new byte[16 * 1024];
        var pending = new List<byte>();
        try
        {
            int read;
            while ((read = await stdout.ReadAsync(buffer)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        continue;
                    }

                    pending.AddRange(buffer.AsSpan(start, i - start));
                    AddLine(Encoding.UTF8.GetString([.. pending]).TrimEnd('\r'));
                    pending.Clear();
                    start = i + 1;
                }

                pending.AddRange(buffer.AsSpan(start, read - start));
            }
        }
        finally
        {
            lock (_gate)
            {
                _tail = Encoding.UTF8.GetString([.. pending]);
                _stdoutClosed = true;
                foreach (var waiter in _waiters)
                {
                    waiter.Completion.TrySetResult(null);
                }

                _waiters.Clear();
            }
        }
    }

    private void AddLine(string line)
    {
        lock (_gate)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Completion.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class Waiter(Func<string, bool> match)
    {
        public Func<string, bool> Match { get; } = match;

        public TaskCompletionSource<string?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex AddressPattern();
}
