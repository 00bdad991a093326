using Kinko.Ledger;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Kinko.TestSupport;

namespace Kinko.Integration.Tests;

/// <summary>API nonces in their own SQLite file: durable before the request goes on, never moving back, kept across a restart.</summary>
public sealed class NonceFileTests
{
    [Fact]
    public async Task A_nonce_recorded_before_a_restart_is_refused_after_it()
    {
        using var folder = new TempDirectory("kinko-nonces");
        using (var file = SqliteNonceFile.Open(folder.Path))
        await using (var first = new NonceRecorder(file))
        {
            (await first.TryAdvanceAsync("key-a", storedLast: 0, nonce: 100)).ShouldBeTrue();
            (await first.TryAdvanceAsync("key-a", storedLast: 0, nonce: 100)).ShouldBeFalse();
            (await first.TryAdvanceAsync("key-b", storedLast: 0, nonce: 7)).ShouldBeTrue();
        }

        using var reopened = SqliteNonceFile.Open(folder.Path);
        reopened.LastNonce("key-a").ShouldBe(100);
        reopened.LastNonce("key-b").ShouldBe(7);
        reopened.LastNonce("key-c").ShouldBe(0);
        await using var second = new NonceRecorder(reopened);
        (await second.TryAdvanceAsync("key-a", storedLast: 0, nonce: 100)).ShouldBeFalse();
        (await second.TryAdvanceAsync("key-a", storedLast: 0, nonce: 99)).ShouldBeFalse();
        (await second.TryAdvanceAsync("key-a", storedLast: 0, nonce: 101)).ShouldBeTrue();

        // The key's own record (the ledger database's api_keys row) counts too: the larger one wins.
        (await second.TryAdvanceAsync("key-b", storedLast: 50, nonce: 20)).ShouldBeFalse();
    }

    [Fact]
    public void A_stored_nonce_never_moves_back()
    {
        using var folder = new TempDirectory("kinko-nonces");
        using var file = SqliteNonceFile.Open(folder.Path);
        file.AdvanceNonces([new ApiNonce("key-a", 10), new ApiNonce("key-b", 3)]);
        file.AdvanceNonces([new ApiNonce("key-a", 4)]);
        file.LastNonce("key-a").ShouldBe(10);
        file.LastNonce("key-b").ShouldBe(3);
    }

    [Fact]
    public void A_batch_of_many_keys_is_stored_whole_and_each_key_keeps_its_largest_nonce()
    {
        using var folder = new TempDirectory("kinko-nonces");
        using (var file = SqliteNonceFile.Open(folder.Path))
        {
            // More keys than one multi-row statement holds, and a remainder written row by row.
            file.AdvanceNonces(Enumerable.Range(0, 75).Select(i => new ApiNonce($"key-{i}", 1_000L + i)).ToList());
            file.AdvanceNonces(Enumerable.Range(0, 75).Select(i => new ApiNonce($"key-{i}", i % 2 == 0 ? 2_000L + i : 5L)).ToList());
        }

        using var reopened = SqliteNonceFile.Open(folder.Path);
        for (var i = 0; i < 75; i++)
        {
            reopened.LastNonce($"key-{i}").ShouldBe(i % 2 == 0 ? 2_000L + i : 1_000L + i);
        }
    }
}

internal static class NonceRecorderSteps
{
    /// <summary>Claims the nonce and, if it was above the last, waits until it is written: true then, false at once otherwise.</summary>
    public static async ValueTask<bool> TryAdvanceAsync(this NonceRecorder recorder, string keyId, long storedLast, long nonce)
    {
        if (!recorder.TryClaim(keyId, storedLast, nonce))
        {
            return false;
        }

        await recorder.WriteAsync(new ApiNonce(keyId, nonce));
        return true;
    }
}
