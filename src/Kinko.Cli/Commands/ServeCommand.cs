using System.CommandLine;
using Kinko.Server;
using Kinko.Server.Workers;
using Kinko.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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
        var demo = new Option<bool>("--demo")
        {
            Description = "Seed the markets with a demo market maker that keeps a moving book, and create a demo trader "
                + "(demo@kinko.local; password and API key printed once and kept in DATA/demo-login.txt, mode 0600). Env: KINKO_DEMO; kinko.json: demo.",
        };
        var demoInterval = CommonOptions.Int(
            "--demo-interval", "Milliseconds between the demo market maker's rounds (with --demo).", new DemoOptions().IntervalMilliseconds, 10, 3_600_000);
        var command = new Command("serve", "Start Kinko: opens (or creates) the store, applies migrations, serves HTTP.")
        {
            data, postgres, urls, demo, demoInterval,
        };
        command.SetAction(async (parse, cancel) =>
        {
            bool demoOn;
            try
            {
                demoOn = parse.GetValue(demo) || (ConfigFile.Flag("demo", "KINKO_DEMO") ?? false);
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync($"kinko: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            var options = new ServerOptions
            {
                DataFolder = parse.GetValue(data)!,
                PostgresConnectionString = parse.GetValue(postgres),
                Urls = parse.GetValue(urls)!,
                Markets = ConfigFile.Markets ?? Kinko.Trading.Markets.MarketCatalog.Defaults,
                RateLimits = ConfigFile.RateLimits ?? new Kinko.Server.Api.Limits.RateLimitOptions(),
                Demo = demoOn ? new DemoOptions { IntervalMilliseconds = parse.GetValue(demoInterval) } : null,
            };
            WebApplication app;
            try
            {
                app = KinkoServer.Build(options);
            }
            catch (DataFolderInUseException e)
            {
                await Console.Error.WriteLineAsync($"kinko: --data: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            await using var running = app;
            await app.StartAsync(cancel);
            var address = KinkoServer.Addresses(app).FirstOrDefault() ?? options.Urls;
            Console.WriteLine($"Kinko is running: {address}");
            Console.WriteLine($"  health:  {address}/health");
            Console.WriteLine($"  store:   {(options.PostgresConnectionString is null ? "SQLite in " + Path.GetFullPath(options.DataFolder) : "PostgreSQL")}");
            Console.WriteLine($"  markets: {string.Join(", ", options.Markets.Select(m => m.Pair))}");
            if (app.Services.GetService<DemoMarketMaker>()?.Setup is { } setup)
            {
                PrintDemo(setup, options.Demo!);
            }

            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancel);
            return 0;
        });
        return command;
    }

    private static void PrintDemo(DemoSetup setup, DemoOptions demo)
    {
        Console.WriteLine($"  demo:    a market maker quotes every market every {demo.IntervalMilliseconds} ms");
        Console.WriteLine($"  log in:  {setup.Login.Email}   (POST /api/sessions with email and password: docs/accounts.md)");
        if (setup.LoginCreated)
        {
            Console.WriteLine($"  password: {setup.Login.Password}   (shown once; also in {setup.LoginFile}, mode 0600)");
        }

        if (setup.KeyCreated)
        {
            Console.WriteLine($"  API key: {setup.Login.ApiKey}  secret: {setup.Login.ApiSecret}   (read, trade; also in that file)");
        }

        if (!setup.LoginCreated || !setup.KeyCreated)
        {
            Console.WriteLine($"  password and API key: in {setup.LoginFile} (cat it; mode 0600)");
        }
    }
}
