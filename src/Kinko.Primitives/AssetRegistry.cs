using System.Collections.Frozen;

namespace Kinko.Primitives;

/// <summary>The assets an exchange knows. Configuration, not code: build it from settings.</summary>
public sealed class AssetRegistry
{
    private readonly FrozenDictionary<string, Asset> _byCode;

    public AssetRegistry(IEnumerable<Asset> assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        var map = new Dictionary<string, Asset>(StringComparer.OrdinalIgnoreCase);
        foreach (var asset in assets)
        {
            if (!map.TryAdd(asset.Code, asset))
            {
                throw new ArgumentException($"asset {asset.Code} is configured twice", nameof(assets));
            }
        }

        _byCode = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The money table of DESIGN.md.</summary>
    public static AssetRegistry Default { get; } = new(
    [
        new Asset("JPY", 4),
        new Asset("BTC", 8),
        new Asset("LTC", 8),
        new Asset("MONA", 8),
        new Asset("XEM", 6),
        new Asset("ETH", 9),
        new Asset("ETC", 9),
    ]);

    public IEnumerable<Asset> All => _byCode.Values.OrderBy(a => a.Code, StringComparer.Ordinal);

    public bool TryGet(string? code, out Asset asset)
    {
        if (code is not null && _byCode.TryGetValue(code, out var found))
        {
            asset = found;
            return true;
        }

        asset = null!;
        return false;
    }

    /// <summary>The asset, or a <see cref="KinkoException"/> naming <paramref name="field"/>.</summary>
    public Asset Get(string? code, string field = "asset") =>
        TryGet(code, out var asset)
            ? asset
            : throw new KinkoException(ErrorCode.UnknownAsset, $"unknown asset '{code}'", field);
}
