using Kinko.Ledger;
using Kinko.Storage;

namespace Kinko.Cli.Commands;

/// <summary>Opens the ledger store a command names: PostgreSQL when a connection string is given, else SQLite in the data folder.</summary>
internal static class StoreOpener
{
    public static SqlLedgerStore Open(string dataFolder, string? postgres)
    {
        if (postgres is not null)
        {
            return PostgresLedgerStore.Open(postgres, TimeProvider.System);
        }

        try
        {
            return SqliteLedgerStore.Open(dataFolder, TimeProvider.System);
        }
        catch (IOException e) when (Kinko.Server.ServerAddressFile.Read(dataFolder) is { } server)
        {
            throw new IOException($"{e.Message}; a Kinko server is running on it at {server.Url} (pid {server.ProcessId})", e);
        }
    }

    public static LedgerEngine OpenEngine(string dataFolder, string? postgres) =>
        new(Open(dataFolder, postgres), Kinko.Primitives.AssetRegistry.Default, TimeProvider.System);
}
