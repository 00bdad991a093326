using System.CommandLine;
using Kinko.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Kinko.Cli.Commands;

/// <summary><c>kinko serve</c>: runs Kinko (API, health) on a data folder or PostgreSQL.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen. Env: KINKO_URLS; kinko.json: urls.",
            DefaultValueFactory = _ => ConfigFile.Setting("urls", "KINKO_URLS") ?? ServerOptions.DefaultUrls,
        };
        var command = new Command("serve", "Start Kinko: opens (or creates) the store, applies migrations, serves HTTP.")
        {
            data, postgres, urls,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var options = new ServerOptions
            {
                DataFolder = parse.GetValue(data)!,
                PostgresConnectionString = parse.GetValue(postgres),
                Urls = parse.GetValue(urls)!,
                Markets = ConfigFile.Markets ?? Kinko.Trading.Markets.MarketCatalog.Defaults,
                RateLimits = ConfigFile.RateLimits ?? new Kinko.Server.Api.Limits.RateLimitOptions(),
            };
            await using var app = KinkoServer.Build(options);
            await app.StartAsync(cancel);
            var address = KinkoServer.Addresses(app).FirstOrDefault() ?? options.Urls;
            Console.WriteLine($"Kinko is running: {address}");
            Console.WriteLine($"  health:  {address}/health");
            Console.WriteLine($"  store:   {(options.PostgresConnectionString is null ? "SQLite in " + Path.GetFullPath(options.DataFolder) : "PostgreSQL")}");
            Console.WriteLine($"  markets: {string.Join(", ", options.Markets.Select(m => m.Pair))}");
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancel);
            return 0;
        });
        return command;
    }
}
