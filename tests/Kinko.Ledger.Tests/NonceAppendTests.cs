using Kinko.Storage;
using Kinko.TestSupport;

namespace Kinko.Ledger.Tests;

/// <summary>The API nonces an append writes with its commit (<c>api_keys.last_nonce</c>), on both stores.</summary>
public sealed class NonceAppendTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void One_commit_with_a_key_twice_keeps_its_largest_nonce_in_either_order(string kind)
    {
        using var h = LedgerHarness.Create(kind, postgres);
        var keys = new SqlApiKeyStore(h.Store, TimeProvider.System);
        keys.Insert(new StoredApiKey("key-1", 1, [1], ["trade"], null, true, 0));
        keys.Insert(new StoredApiKey("key-2", 1, [2], ["trade"], null, true, 0));

        h.Store.Append([], [], [], [new ApiNonce("key-1", 31), new ApiNonce("key-2", 7), new ApiNonce("key-1", 30)]);
        h.Store.Append([], [], [], [new ApiNonce("key-2", 8), new ApiNonce("key-2", 9), new ApiNonce("key-1", 5)]);

        keys.LastNonce("key-1").ShouldBe(31);
        keys.LastNonce("key-2").ShouldBe(9);
    }
}
