using Kinko.Ledger;

namespace Kinko.Storage;

/// <summary>
/// Where API keys' last nonces written on their own are kept durably (spec §2: a nonce is used at
/// most once, across restarts). The ledger's commits keep those written with orders in
/// <c>api_keys.last_nonce</c>; a key's last nonce is the larger of the two.
/// </summary>
public interface INonceStore
{
    /// <summary>The key's last stored nonce (0 when none is stored).</summary>
    long LastNonce(string keyId);

    /// <summary>Stores each key's new last nonce in one durable transaction; a stored nonce never moves back.</summary>
    void AdvanceNonces(IReadOnlyList<ApiNonce> nonces);
}
