using Kinko.Primitives;

namespace Kinko.Primitives.Tests;

public sealed class AssetRegistryTests
{
    [Fact]
    public void Default_holds_exactly_the_money_table_of_the_design()
    {
        var table = AssetRegistry.Default.All.ToDictionary(a => a.Code, a => a.Scale, StringComparer.Ordinal);

        table.ShouldBe(new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["JPY"] = 4,
            ["BTC"] = 8,
            ["LTC"] = 8,
            ["MONA"] = 8,
            ["XEM"] = 6,
            ["ETH"] = 9,
            ["ETC"] = 9,
        }, ignoreOrder: true);
    }

    [Fact]
    public void All_is_ordered_by_code()
    {
        AssetRegistry.Default.All.Select(a => a.Code).ShouldBe(["BTC", "ETC", "ETH", "JPY", "LTC", "MONA", "XEM"]);
    }

    [Theory]
    [InlineData("BTC")]
    [InlineData("btc")]
    [InlineData("Btc")]
    [InlineData("bTc")]
    public void Lookup_is_case_insensitive(string code)
    {
        var asset = AssetRegistry.Default.Get(code);

        asset.Code.ShouldBe("BTC");
        asset.Scale.ShouldBe(8);
        AssetRegistry.Default.TryGet(code, out var found).ShouldBeTrue();
        found.ShouldBeSameAs(asset);
    }

    [Theory]
    [InlineData("DOGE")]
    [InlineData("")]
    [InlineData(" BTC")]
    [InlineData("BTC ")]
    [InlineData(null)]
    public void Unknown_asset_is_refused_naming_the_field(string? code)
    {
        AssetRegistry.Default.TryGet(code, out _).ShouldBeFalse();

        var ex = Should.Throw<KinkoException>(() => AssetRegistry.Default.Get(code, "quote_asset"));
        ex.Error.Code.ShouldBe(ErrorCode.UnknownAsset);
        ex.Error.Field.ShouldBe("quote_asset");
        ex.Message.ShouldContain("quote_asset");
    }

    [Fact]
    public void Unknown_asset_field_defaults_to_asset()
    {
        var ex = Should.Throw<KinkoException>(() => AssetRegistry.Default.Get("DOGE"));

        ex.Error.Field.ShouldBe("asset");
        ex.Error.Message.ShouldContain("DOGE");
    }

    [Fact]
    public void Duplicate_asset_configuration_is_refused()
    {
        Should.Throw<ArgumentException>(() => new AssetRegistry([new Asset("BTC", 8), new Asset("BTC", 8)]))
            .Message.ShouldContain("BTC");
    }

    [Fact]
    public void Duplicate_asset_configuration_is_refused_whatever_the_case_or_scale()
    {
        Should.Throw<ArgumentException>(() => new AssetRegistry([new Asset("btc", 8), new Asset("BTC", 6)]))
            .Message.ShouldContain("BTC");
    }

    [Fact]
    public void A_registry_is_built_from_configuration()
    {
        var registry = new AssetRegistry([new Asset("doge", 8), new Asset("USD", 2)]);

        registry.Get("DOGE").ShouldBe(new Asset("DOGE", 8));
        registry.Get("usd").Scale.ShouldBe(2);
        Should.Throw<KinkoException>(() => registry.Get("BTC")).Error.Code.ShouldBe(ErrorCode.UnknownAsset);
        Should.Throw<ArgumentNullException>(() => new AssetRegistry(null!));
    }

    [Fact]
    public void An_asset_code_is_upper_case_and_its_scale_is_bounded()
    {
        new Asset("mona", 8).Code.ShouldBe("MONA");
        new Asset("X", 0).Scale.ShouldBe(0);
        new Asset("X", Asset.MaxScale).Scale.ShouldBe(18);
        Should.Throw<ArgumentOutOfRangeException>(() => new Asset("X", -1));
        Should.Throw<ArgumentOutOfRangeException>(() => new Asset("X", 19));
        Should.Throw<ArgumentException>(() => new Asset(" ", 8));
        Should.Throw<ArgumentException>(() => new Asset(null!, 8));
    }
}
