using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Storage;
using Kinko.TestSupport;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;

namespace Kinko.Trading.Tests.Desk;

/// <summary>Trading on a real store (a fresh SQLite folder or PostgreSQL database), with funded customers; reopenable.</summary>
public sealed class TradingHarness : IAsyncDisposable
{
    /// <summary>btc_jpy as the tests use it: tick 1 JPY, lot 0.0001 BTC (1 JPY minor unit per tick-lot), maker rebate 0.01%, taker 0.05%.</summary>
    public static readonly MarketSpec BtcJpy = new("btc_jpy", 1m, 0.0001m, 0.0001m, -0.0001m, 0.0005m, 0m, true);

    /// <summary>xem_jpy: tick 0.0001 JPY, lot 1 XEM, fees 0.1% both ways, a 50% band.</summary>
    public static readonly MarketSpec XemJpy = new("xem_jpy", 0.0001m, 1m, 1m, 0.001m, 0.001m, 0.5m, true);

    private readonly TempDirectory? _folder;
    private readonly string? _postgres;
    private readonly IReadOnlyList<MarketSpec> _markets;

    private TradingHarness(string kind, PostgresFixture? postgres, IReadOnlyList<MarketSpec> markets)
    {
        Kind = kind;
        _markets = markets;
        if (kind == "postgres")
        {
            _postgres = (postgres ?? throw new ArgumentNullException(nameof(postgres))).CreateDatabase("trading");
        }
        else
        {
            _folder = new TempDirectory("kinko-trading");
        }
    }

    public static TheoryData<string> Stores => new() { "sqlite", "postgres" };

    public string Kind { get; }

    public LedgerEngine Ledger { get; private set; } = null!;

    public TradingSequencer Sequencer { get; private set; } = null!;

    public TradingAccounts Accounts { get; private set; } = null!;

    /// <summary>The clock of the ledger and the sequencer: tests move it.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    public static async Task<TradingHarness> StartAsync(string kind, PostgresFixture? postgres = null, long snapshotEvery = 100_000, params MarketSpec[] markets)
    {
        var harness = new TradingHarness(kind, postgres, markets.Length > 0 ? markets : [BtcJpy, XemJpy]);
        await harness.OpenAsync(snapshotEvery);
        return harness;
    }

    /// <summary>The API key store of the ledger's database, with a trading key of owner 1 for each of <paramref name="keyIds"/> (last nonce 0).</summary>
    public SqlApiKeyStore ApiKeys(params string[] keyIds)
    {
        var keys = new SqlApiKeyStore((SqlLedgerStore)Ledger.Store, Time);
        foreach (var keyId in keyIds)
        {
            keys.Insert(new StoredApiKey(keyId, 1, [1, 2, 3], ["trade"], null, true, 0));
        }

        return keys;
    }

    /// <summary>Credits a customer from company capital (in minor units).</summary>
    public void Fund(long owner, string asset, long amount)
    {
        var capital = Ledger.OpenAccount(new NewAccount(asset, AccountKind.CompanyCapital, 0, AccountFlags.None));
        var result = Ledger.Execute(TransferRequest.Post($"fund-{owner}-{asset}-{Guid.NewGuid():N}", capital.Id, Accounts.Available(asset, owner), asset, amount));
        result.Status.ShouldBe(TransferStatus.Created);
    }

    public AccountBalance Available(long owner, string asset) => Ledger.Balance(Accounts.Available(asset, owner));

    public AccountBalance Held(long owner, string asset) => Ledger.Balance(Accounts.Held(asset, owner));

    public AccountBalance FeeRevenue(string asset) => Ledger.Balance(Accounts.FeeRevenue(asset));

    public Task<TradingResult> Submit(TradingCommand command) => Sequencer.SubmitAsync(command);

    /// <summary>Stops everything and opens it again from the store alone.</summary>
    public async Task RestartAsync(long snapshotEvery = 100_000)
    {
        await Sequencer.DisposeAsync();
        Ledger.Dispose();
        await OpenAsync(snapshotEvery);
    }

    public async ValueTask DisposeAsync()
    {
        await Sequencer.DisposeAsync();
        Ledger.Dispose();
        _folder?.Dispose();
    }

    private async Task OpenAsync(long snapshotEvery)
    {
        SqlLedgerStore store = _postgres is not null
            ? PostgresLedgerStore.Open(_postgres, TimeProvider.System)
            : SqliteLedgerStore.Open(_folder!.Path, TimeProvider.System);
        Ledger = new LedgerEngine(store, AssetRegistry.Default, Time);
        Accounts = new TradingAccounts(Ledger);
        Sequencer = await TradingSequencer.OpenAsync(Ledger, AssetRegistry.Default, _markets, Time, snapshotEvery);
    }
}
