using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Kinko.Integration.Tests;

/// <summary>
/// Runs <c>kinko drill ledger-writer</c> again and again on one ledger and SIGKILLs it at random
/// moments, collecting the keys it acknowledged. The drill is deterministic per seed, so every run
/// retries the keys of the runs before it (answered from the ledger) and then writes new ones: each
/// run asks for <see cref="FreshPerRound"/> more keys than the highest acknowledged so far.
/// </summary>
public sealed class KillCampaign(ITestOutputHelper output, int drillSeed, int freshPerRound)
{
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(90);

    private readonly Random _random = new(ChooseRandomSeed(output));
    private int _plan;
    private int _highestAckedIndex = -1;

    public enum KillMoment
    {
        /// <summary>A random time after start: usually while the process starts or opens the store.</summary>
        BeforeFirstAck,

        /// <summary>After a random number of acks among the keys earlier runs committed (retries).</summary>
        DuringRetries,

        /// <summary>After a random number of acks among the keys no earlier run acknowledged.</summary>
        DuringNewWrites,

        /// <summary>
        /// A random time (0–25 ms) after one of the last few new acks before a given number of new
        /// acks: aimed at the next append after a given commit (where the store runs its history catch-up).
        /// </summary>
        AroundNewAck,

        /// <summary>A random time (0–25 ms) after one of the last few acks of retried keys: when the first new write starts.</summary>
        AtFirstNewWrite,
    }

    public LedgerAudit Audit { get; } = new();

    public int DrillSeed { get; } = drillSeed;

    public int FreshPerRound { get; } = freshPerRound;

    public int Rounds { get; private set; }

    /// <summary>Rounds where the drill was still running when it was killed.</summary>
    public int KilledWhileRunning { get; private set; }

    /// <summary>Rounds that acknowledged at least one key no earlier round had.</summary>
    public int RoundsWithNewAcks { get; private set; }

    /// <summary>
    /// One round: starts the drill with <c>--transfers N</c> (the arguments come from
    /// <paramref name="arguments"/>), kills it at a random moment (or, when <paramref name="instead"/> is
    /// given, runs that at an early moment of the new writes and then kills the drill if it still
    /// runs), then runs <paramref name="audit"/>.
    /// </summary>
    public async Task RoundAsync(
        string workingDirectory,
        Func<int, string[]> arguments,
        Action<LedgerAudit> audit,
        Action? instead = null,
        bool drillMayFail = false,
        KillMoment? moment = null,
        int aroundNewAck = 0)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(audit);
        var round = ++Rounds;
        _plan = Math.Max(_plan, _highestAckedIndex + 1 + FreshPerRound);
        var known = Audit.Acknowledged.Count;
        var chosen = moment ?? ChooseMoment(known, instead is not null);
        var watch = Stopwatch.StartNew();

        using var child = KinkoCli.Start(workingDirectory, arguments(_plan));
        var (trigger, describe) = Trigger(child, chosen, known, early: instead is not null, aroundNewAck);
        var exited = child.WaitForExitAsync(RoundTimeout);
        var first = await Task.WhenAny(trigger, exited);
        var killed = false;
        if (first == trigger && await trigger)
        {
            await Task.Delay(chosen is KillMoment.AroundNewAck or KillMoment.AtFirstNewWrite ? 0 : _random.Next(0, 20));
            instead?.Invoke();
            if (!child.HasExited)
            {
                killed = true;
                child.Kill();
            }
        }
        else if (first == exited && !await exited)
        {
            child.Kill();
            throw new TimeoutException($"round {round}: the drill neither reached the kill moment nor ended within {RoundTimeout}\n{child.Describe()}");
        }

        (await child.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue($"round {round}: output not closed after the exit\n{child.Describe()}");
        if (!killed && !drillMayFail)
        {
            child.ExitCode.ShouldBe(0, $"round {round}: the drill ended by itself with an error\n{child.Describe()}");
        }

        var acks = new List<string>();
        var refused = new List<string>();
        foreach (var line in child.Lines)
        {
            var parts = line.Split(' ', 3);
            switch (parts[0])
            {
                case "ack" when parts.Length == 2:
                    acks.Add(parts[1]);
                    break;
                case "refused" when parts.Length == 3:
                    refused.Add(parts[1]);
                    break;
                default:
                    throw new ShouldAssertException($"round {round}: unexpected line from the drill: '{line}'\n{child.Describe()}");
            }
        }

        // A retry of a key some run acknowledged must be answered from the ledger, never refused.
        var refusedAfterAck = refused.Where(Audit.Acknowledged.Contains).Concat(refused.Where(acks.Contains)).ToList();
        refusedAfterAck.ShouldBeEmpty($"round {round}: keys acknowledged before were refused on retry\n{child.Describe()}");

        var newAcks = acks.Count(key => !Audit.Acknowledged.Contains(key));
        Audit.Acknowledged.UnionWith(acks);
        Audit.LatestAcknowledged = acks;
        foreach (var key in acks)
        {
            _highestAckedIndex = Math.Max(_highestAckedIndex, KeyIndex(key));
        }

        KilledWhileRunning += killed ? 1 : 0;
        RoundsWithNewAcks += newAcks > 0 ? 1 : 0;
        var childTime = watch.Elapsed;
        audit(Audit);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round,2}: {chosen,-18} {describe,-22} plan {_plan,6}  acks {acks.Count,6} (new {newAcks,5}, refused {refused.Count,3})  " +
            $"{(killed ? "killed" : $"exited {child.ExitCode}")}  drill {childTime.TotalSeconds:F2} s, audit {(watch.Elapsed - childTime).TotalSeconds:F2} s"));
    }

    private static int ChooseRandomSeed(ITestOutputHelper output)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KINKO_KILL_TEST_SEED");
        var seed = fromEnvironment is not null ? int.Parse(fromEnvironment, CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"kill moments from seed {seed} (set KINKO_KILL_TEST_SEED={seed} to repeat them)");
        return seed;
    }

    private static int KeyIndex(string key) =>
        key.StartsWith("drill-", StringComparison.Ordinal) && int.TryParse(key.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new ShouldAssertException($"unexpected key '{key}' from the drill");

    private KillMoment ChooseMoment(int known, bool forceNewWrites)
    {
        if (forceNewWrites)
        {
            return KillMoment.DuringNewWrites;
        }

        var draw = _random.NextDouble();
        return draw < 0.1 ? KillMoment.BeforeFirstAck
            : draw < 0.3 && known > 0 ? KillMoment.DuringRetries
            : KillMoment.DuringNewWrites;
    }

    private (Task<bool> Trigger, string Description) Trigger(KinkoProcess child, KillMoment moment, int known, bool early, int aroundNewAck)
    {
        switch (moment)
        {
            case KillMoment.BeforeFirstAck:
                var delay = _random.Next(0, 600);
                return (AfterDelay(delay), $"at {delay} ms");
            case KillMoment.AroundNewAck:
                var target = Math.Max(1, aroundNewAck - _random.Next(0, 40));
                var after = _random.Next(0, 25);
                return (AfterNewAcks(child, target, after), $"{after} ms after new ack #{target}");
            case KillMoment.AtFirstNewWrite:
                var last = Math.Max(1, known - _random.Next(0, 20));
                var wait = _random.Next(0, 25);
                return (AfterAcks(child, last, wait), $"{wait} ms after ack #{last}");
            case KillMoment.DuringRetries:
                var retry = _random.Next(1, known + 1);
                return (AfterAcks(child, retry), $"after ack #{retry}");
            default:
                var fresh = known + 1 + _random.Next(Math.Max(1, (int)((_plan - known) * (early ? 0.4 : 0.9))));
                return (AfterAcks(child, fresh), $"after ack #{fresh}");
        }
    }

    private async Task<bool> AfterNewAcks(KinkoProcess child, int count, int delayMilliseconds)
    {
        var acknowledged = Audit.Acknowledged; // not changed while the child runs
        var seen = 0;
        var line = await child.WaitForLineAsync(l => l.StartsWith("ack ", StringComparison.Ordinal) && !acknowledged.Contains(l[4..]) && ++seen >= count);
        if (line is null)
        {
            return false;
        }

        await Task.Delay(delayMilliseconds);
        return true;
    }

    private static async Task<bool> AfterAcks(KinkoProcess child, int count, int delayMilliseconds = 0)
    {
        var seen = 0;
        if (await child.WaitForLineAsync(line => line.StartsWith("ack ", StringComparison.Ordinal) && ++seen >= count) is null)
        {
            return false;
        }

        await Task.Delay(delayMilliseconds);
        return true;
    }

    private static async Task<bool> AfterDelay(int milliseconds)
    {
        await Task.Delay(milliseconds);
        return true;
    }
}
