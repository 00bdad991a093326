using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;
using Kinko.TestSupport;

namespace Kinko.Ledger.Tests;

/// <summary>A real ledger on a real store (a fresh SQLite folder or a fresh PostgreSQL database), reopenable.</summary>
public sealed class LedgerHarness : IDisposable
{
    private readonly TempDirectory? _folder;
    private readonly string? _postgres;

    private LedgerHarness(string kind, PostgresFixture? postgres)
    {
        Kind = kind;
        if (kind == "postgres")
        {
            _postgres = (postgres ?? throw new ArgumentNullException(nameof(postgres))).CreateDatabase("ledger");
        }
        else
        {
            _folder = new TempDirectory("kinko-ledger");
        }

        Engine = Open();
    }

    /// <summary>Every store a ledger test runs on.</summary>
    public static TheoryData<string> Stores => new() { "sqlite", "postgres" };

    public string Kind { get; }

    public LedgerEngine Engine { get; private set; }

    public SqlLedgerStore Store => (SqlLedgerStore)Engine.Store;

    public static LedgerHarness Create(string kind, PostgresFixture? postgres = null) => new(kind, postgres);

    /// <summary>Closes the engine and opens a new one from the store alone (a restart).</summary>
    public void Restart()
    {
        Engine.Dispose();
        Engine = Open();
    }

    /// <summary>Opens a second writer on the same store while the first is open: must be refused.</summary>
    public void Restart2ndWriter()
    {
        using var second = Open();
    }

    public Account Customer(long owner, string asset = "JPY") =>
        Engine.OpenAccount(new NewAccount(asset, AccountKind.CustomerAvailable, owner, AccountFlags.DebitsMustNotExceedCredits));

    public Account Capital(string asset = "JPY") =>
        Engine.OpenAccount(new NewAccount(asset, AccountKind.CompanyCapital, 0, AccountFlags.None));

    public Account Hot(string asset) =>
        Engine.OpenAccount(new NewAccount(asset, AccountKind.CustodyHot, 0, AccountFlags.CreditsMustNotExceedDebits));

    public void Dispose()
    {
        Engine.Dispose();
        _folder?.Dispose();
    }

    private LedgerEngine Open()
    {
        SqlLedgerStore store = _postgres is not null
            ? PostgresLedgerStore.Open(_postgres, TimeProvider.System)
            : SqliteLedgerStore.Open(_folder!.Path, TimeProvider.System);

        // Index account history and event streams in tiny buckets so that every test crosses bucket boundaries and the tail.
        store.MaxUnindexedTransfers = 3;
        store.MaxUnindexedEvents = 3;
        return new LedgerEngine(store, AssetRegistry.Default, TimeProvider.System);
    }
}
