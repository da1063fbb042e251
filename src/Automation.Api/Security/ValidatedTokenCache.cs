using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Automation.Api.Security;

/// <summary>
/// The API's access-token handler: validates a token with <see cref="JsonWebTokenHandler"/> once and remembers it
/// until it expires, so that the requests a client makes with one token parse and verify it once instead of each
/// time (signature, header and payload JSON, lifetime, issuer, audience: 13 µs of API CPU per request, measured in
/// docs/performance.md).
/// </summary>
/// <remarks>
/// <para>
/// A remembered answer is the answer validation would give again: the same token string, checked against parameters
/// that do not change while the process runs (the signing keys are read once at start-up, <see cref="SigningKeys"/>;
/// issuer, audience and algorithm come from <see cref="AuthOptions"/>), with no per-token revocation (a signed-out
/// session loses its refresh token; its access token lives out its short lifetime either way). The one thing that
/// changes is time, so each use checks the token's expiry (with the clock skew) again and forgets an expired token.
/// </para>
/// <para>
/// Only valid tokens are remembered, but anyone who can sign in can get some, so the cache is bounded: it holds at
/// most <see cref="Capacity"/> tokens and, when full, drops the expired ones, then all of them (which only costs
/// validating them again). Each use gets its own copy of the identity, so nothing a request does to its principal
/// reaches another.
/// </para>
/// </remarks>
/// <param name="time">The clock: the system clock, which validation reads too.</param>
internal sealed class ValidatedTokenCache(TimeProvider time) : TokenHandler
{
    /// <summary>How many tokens are remembered at most.</summary>
    public const int Capacity = 10_000;

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Entry> _valid = new(StringComparer.Ordinal);

    /// <summary>How many tokens are remembered now (for tests).</summary>
    public int Count => _valid.Count;

    /// <inheritdoc />
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var now = time.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var entry))
        {
            if (now <= entry.Expires)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = entry.Identity.Clone(),
                    SecurityToken = entry.Token,
                    Issuer = entry.Issuer,
                    TokenType = entry.TokenType,
                };
            }

            _valid.TryRemove(token, out _);
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken { ValidTo: var validTo } jwt, ClaimsIdentity: { } identity }
            && validTo != DateTime.MinValue)
        {
            if (_valid.Count >= Capacity)
            {
                Trim(now);
            }

            // The validated identity stays here; the caller gets a copy, as every later use does.
            _valid[token] = new Entry(jwt, identity, result.Issuer, result.TokenType, validTo + validationParameters.ClockSkew);
            result.ClaimsIdentity = identity.Clone();
        }

        return result;
    }

    /// <inheritdoc />
    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private void Trim(DateTime now)
    {
        foreach (var (token, entry) in _valid)
        {
            if (now > entry.Expires)
            {
                _valid.TryRemove(token, out _);
            }
        }

        if (_valid.Count >= Capacity)
        {
            _valid.Clear();
        }
    }

    private sealed record Entry(JsonWebToken Token, System.Security.Claims.ClaimsIdentity Identity, string? Issuer, string? TokenType, DateTime Expires);
}
