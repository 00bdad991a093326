using Kinko.Primitives;
using Kinko.TestSupport;

namespace Kinko.Ledger.Tests;

/// <summary>
/// The engine's filters of used keys start at 65,536 keys and grow by adding filters, never by
/// rescanning the store: keys from the first filter, the next one and after a restart are all
/// still answered as used.
/// </summary>
public sealed class KeyFilterGrowthTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int Keys = 70_000;

    [Theory]
    [MemberData(nameof(LedgerHarness.Stores), MemberType = typeof(LedgerHarness))]
    public void Keys_stay_used_after_the_filters_grow_and_after_a_restart(string store)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        foreach (var chunk in Enumerable.Range(0, Keys).Chunk(5_000))
        {
            var results = h.Engine.Execute(chunk.Select(i => (IReadOnlyList<TransferRequest>)[Transfer(i, capital.Id, alice.Id)]).ToList());
            results.ShouldAllBe(g => g[0].Status == TransferStatus.Created);
        }

        CheckUsed(h, capital.Id, alice.Id);
        h.Restart();
        CheckUsed(h, capital.Id, alice.Id);
        h.Engine.Balance(alice.Id).Posted.ShouldBe(Keys);
    }

    private static TransferRequest Transfer(int i, AccountId from, AccountId to) => TransferRequest.Post($"grow-{i}", from, to, "JPY", 1);

    private static void CheckUsed(LedgerHarness h, AccountId from, AccountId to)
    {
        foreach (var i in new[] { 0, 1, 65_535, 65_536, Keys - 1 })
        {
            h.Engine.Execute(Transfer(i, from, to)).Status.ShouldBe(TransferStatus.AlreadyExists, $"key grow-{i}");
            var changed = TransferRequest.Post($"grow-{i}", from, to, "JPY", 2);
            h.Engine.Execute(changed).Error!.Code.ShouldBe(ErrorCode.KeyReused);
        }
    }
}
