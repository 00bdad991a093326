using System.Globalization;
using System.Text;
using Kinko.Server.Api.Auth;

namespace Kinko.Integration.Tests;

/// <summary>A private API request signed as spec §2 says: the key, the nonce, and the HMAC over nonce, URL and body.</summary>
public static class SignedRequest
{
    /// <summary>
    /// The request to <paramref name="url"/> (absolute: it is what is signed) with <paramref name="body"/>
    /// as <paramref name="contentType"/> (a form unless given), signed with <paramref name="key"/>'s secret.
    /// </summary>
    public static HttpRequestMessage Create(HttpMethod method, string url, (string Key, string Secret) key, long nonce, string? body = null, string? contentType = null)
    {
        var nonceText = nonce.ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? "application/x-www-form-urlencoded");
        }

        request.Headers.Add("ACCESS-KEY", key.Key);
        request.Headers.Add("ACCESS-NONCE", nonceText);
        request.Headers.Add("ACCESS-SIGNATURE", RequestSignature.Compute(key.Secret, nonceText, url, body ?? ""));
        return request;
    }
}
