using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;
using Kinko.TestSupport;
using Microsoft.Data.Sqlite;

namespace Kinko.Integration.Tests;

/// <summary>
/// The kill tests are only as good as their audit: here it must notice a ledger that was damaged
/// behind the store's back (rows lost, a stored balance wrong, an acknowledged transfer missing).
/// </summary>
public sealed class LedgerAuditTests : IDisposable
{
    private readonly TempDirectory _folder = new("kinko-audit");
    private readonly List<string> _keys = [];

    public LedgerAuditTests()
    {
        using var store = SqliteLedgerStore.Open(_folder.Path, TimeProvider.System);
        using var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System);
        var capital = engine.OpenAccount(new NewAccount("JPY", AccountKind.CompanyCapital, 0, AccountFlags.None)).Id;
        var alice = engine.OpenAccount(new NewAccount("JPY", AccountKind.CustomerAvailable, 1, AccountFlags.DebitsMustNotExceedCredits)).Id;
        var bob = engine.OpenAccount(new NewAccount("JPY", AccountKind.CustomerAvailable, 2, AccountFlags.DebitsMustNotExceedCredits)).Id;
        TransferRequest[] requests =
        [
            TransferRequest.Post("fund-alice", capital, alice, "JPY", 1_000),
            TransferRequest.Post("fund-bob", capital, bob, "JPY", 1_000),
            TransferRequest.Hold("hold-1", alice, bob, "JPY", 300),
            TransferRequest.Post("pay-1", bob, alice, "JPY", 100),
            TransferRequest.PostHold("post-1", "hold-1", 200),
            TransferRequest.Post("pay-2", alice, bob, "JPY", 50),
        ];
        foreach (var request in requests)
        {
            engine.Execute(request).Status.ShouldBe(TransferStatus.Created);
            _keys.Add(request.Key);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public void An_intact_ledger_passes()
    {
        var figures = Audit(NewAudit());

        figures.Transfers.ShouldBe(_keys.Count);
        figures.OpenPendings.ShouldBe(0);
    }

    [Fact]
    public void An_acknowledged_transfer_that_is_gone_is_reported()
    {
        Tamper("DELETE FROM transfers WHERE key = 'pay-2'");

        Should.Throw<ShouldAssertException>(() => Audit(NewAudit())).Message.ShouldContain("acknowledged key pay-2 is not");
    }

    [Fact]
    public void A_stored_balance_that_does_not_follow_from_the_rows_before_is_reported()
    {
        // Bob's balance after fund-bob, a row that is not the latest for either account.
        Tamper("UPDATE transfers SET cr_credits_posted = cr_credits_posted + 1 WHERE key = 'fund-bob'");

        Should.Throw<ShouldAssertException>(() => Audit(NewAudit())).Message.ShouldContain("row 2 (fund-bob, Posted): credit account");
    }

    [Fact]
    public void Rows_lost_after_an_earlier_audit_are_reported()
    {
        var audit = NewAudit();
        Audit(audit);
        audit.LatestAcknowledged = [];
        Tamper("DELETE FROM transfers WHERE key = 'pay-2'");

        Should.Throw<ShouldAssertException>(() => Audit(audit)).Message.ShouldContain("were lost or changed since the last audit");
    }

    private LedgerAudit NewAudit()
    {
        var audit = new LedgerAudit { LatestAcknowledged = _keys };
        audit.Acknowledged.UnionWith(_keys);
        return audit;
    }

    private LedgerAudit.Figures Audit(LedgerAudit audit)
    {
        using var store = SqliteLedgerStore.Open(_folder.Path, TimeProvider.System);
        using var engine = new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System);
        return audit.Check(store, engine, () =>
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = store.Path,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ConnectionString);
            connection.Open();
            return connection;
        });
    }

    private void Tamper(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_folder.Path, SqliteLedgerStore.FileName),
            Pooling = false,
        }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery().ShouldBe(1);
    }
}
