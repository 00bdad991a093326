using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;

namespace Kinko.Integration.Tests;

/// <summary>
/// Once enough transfers wait, an append first indexes them (the history "catch-up", its own
/// transaction) and then writes its rows. A catch-up that fails is made to happen for real, with a
/// SQLite trigger that aborts the insert of the new bucket (as a full disk or an I/O error would);
/// nothing in the code under test is replaced. The outcome must be the same as a crash at that
/// point: the batch is refused and not written, and the ledger stays consistent.
/// </summary>
public sealed class HistoryCatchUpFaultTests : IDisposable
{
    private const int CatchUpEvery = 3;
    private const string Fault = "kinko_test_fail_catch_up";
    private readonly TempDirectory _folder = new("kinko-catchup");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public void A_batch_whose_catch_up_fails_is_refused_unwritten_and_the_ledger_stays_consistent()
    {
        var audit = new LedgerAudit();
        List<string> committed = [];
        using (var store = OpenStore())
        using (var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System))
        {
            var (capital, customer) = OpenAccounts(engine);
            for (var i = 1; i <= CatchUpEvery; i++)
            {
                engine.Execute(TransferRequest.Post($"t-{i}", capital, customer, "JPY", 100)).Status.ShouldBe(TransferStatus.Created);
                committed.Add($"t-{i}");
            }

            InjectFault(store.Path);

            // This append must first index the waiting transfers; that fails, so the batch fails.
            var error = Should.Throw<SqliteException>(() => engine.Execute(TransferRequest.Post("t-failed", capital, customer, "JPY", 100)));
            error.Message.ShouldContain("injected");
            store.FindTransfers(["t-failed"]).ShouldBeEmpty("a batch reported as failed must not be in the ledger");
            engine.LastPosition.Value.ShouldBe(CatchUpEvery);
            engine.Balance(customer).Posted.ShouldBe(100 * CatchUpEvery);

            // While the fault lasts, nothing is written; once it is gone, the same engine goes on.
            Should.Throw<SqliteException>(() => engine.Execute(TransferRequest.Post("t-failed-again", customer, capital, "JPY", 1)));
            RemoveFault(store.Path);
            engine.Execute(TransferRequest.Post("t-next", customer, capital, "JPY", 50)).Status.ShouldBe(TransferStatus.Created);
            committed.Add("t-next");
            engine.LastPosition.Value.ShouldBe(CatchUpEvery + 1);
        }

        using (var store = OpenStore())
        using (var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System))
        {
            audit.Acknowledged.UnionWith(committed);
            audit.LatestAcknowledged = committed;
            var figures = audit.Check(store, engine, () => RawConnection(store.Path));
            figures.Transfers.ShouldBe(committed.Count);
            figures.HistoryIndexedThrough.ShouldBe(CatchUpEvery, "the retried catch-up indexed the first transfers");
            store.FindTransfers(["t-failed", "t-failed-again"]).ShouldBeEmpty();
            var customer = engine.Accounts().Single(a => a.Kind == AccountKind.CustomerAvailable).Id;
            store.History(customer, LedgerPosition.Start, 100).Select(t => t.Key).ShouldBe(committed);
            store.BalanceAt(customer, new LedgerPosition(CatchUpEvery)).Posted.ShouldBe(100 * CatchUpEvery);
        }
    }

    [Fact]
    public void A_catch_up_that_failed_in_a_process_that_then_died_is_done_by_the_next_writer()
    {
        using (var store = OpenStore())
        using (var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System))
        {
            var (capital, customer) = OpenAccounts(engine);
            for (var i = 1; i <= CatchUpEvery; i++)
            {
                engine.Execute(TransferRequest.Post($"t-{i}", capital, customer, "JPY", 100)).Status.ShouldBe(TransferStatus.Created);
            }

            InjectFault(store.Path);
            Should.Throw<SqliteException>(() => engine.Execute(TransferRequest.Post("t-failed", capital, customer, "JPY", 100)));
            RemoveFault(store.Path);
        }

        using (var store = OpenStore())
        using (var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System))
        {
            var (capital, customer) = OpenAccounts(engine);
            engine.LastPosition.Value.ShouldBe(CatchUpEvery);
            engine.Execute(TransferRequest.Post("t-4", capital, customer, "JPY", 100)).Status.ShouldBe(TransferStatus.Created);
            List<string> keys = ["t-1", "t-2", "t-3", "t-4"];
            var audit = new LedgerAudit { LatestAcknowledged = keys };
            audit.Acknowledged.UnionWith(keys);
            audit.Check(store, engine, () => RawConnection(store.Path)).HistoryIndexedThrough.ShouldBe(CatchUpEvery);
            store.History(customer, LedgerPosition.Start, 100).Select(t => t.Key).ShouldBe(keys);
        }
    }

    private SqliteLedgerStore OpenStore()
    {
        var store = SqliteLedgerStore.Open(_folder.Path, TimeProvider.System);
        store.MaxUnindexedTransfers = CatchUpEvery;
        return store;
    }

    private static (AccountId Capital, AccountId Customer) OpenAccounts(LedgerEngine engine) =>
        (engine.OpenAccount(new NewAccount("JPY", AccountKind.CompanyCapital, 0, AccountFlags.None)).Id,
         engine.OpenAccount(new NewAccount("JPY", AccountKind.CustomerAvailable, 1, AccountFlags.DebitsMustNotExceedCredits)).Id);

    private static void InjectFault(string database) => SqliteFile.Execute(database,
        $"CREATE TRIGGER {Fault} BEFORE INSERT ON history_buckets BEGIN SELECT RAISE(ABORT, 'injected catch-up failure'); END");

    private static void RemoveFault(string database) => SqliteFile.Execute(database, $"DROP TRIGGER {Fault}");

    private static SqliteConnection RawConnection(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ConnectionString);
        connection.Open();
        return connection;
    }
}
