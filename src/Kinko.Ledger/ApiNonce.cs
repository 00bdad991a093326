namespace Kinko.Ledger;

/// <summary>
/// An API key's nonce, written in the same transaction as the command its request carried, so that
/// the command and the nonce it spent are durable together or not at all. The store keeps each
/// key's largest nonce.
/// </summary>
public readonly record struct ApiNonce(string KeyId, long Nonce);
