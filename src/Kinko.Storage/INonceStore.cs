using Kinko.Ledger;

namespace Kinko.Storage;

/// <summary>Where API keys' last nonces are kept durably (spec §2: a nonce is used at most once, across restarts).</summary>
public interface INonceStore
{
    /// <summary>The key's last stored nonce (0 when none is stored).</summary>
    long LastNonce(string keyId);

    /// <summary>Stores each key's new last nonce in one durable transaction; a stored nonce never moves back.</summary>
    void AdvanceNonces(IReadOnlyList<ApiNonce> nonces);
}
