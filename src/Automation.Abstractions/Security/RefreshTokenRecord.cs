namespace Automation.Security;

/// <summary>A refresh token as stored: its hash, never the token.</summary>
/// <param name="Hash">SHA-256 of the token.</param>
/// <param name="FamilyId">The sign-in it descends from; every rotation keeps it.</param>
/// <param name="Subject">The username.</param>
/// <param name="CreatedAt">When issued.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record RefreshTokenRecord(byte[] Hash, Guid FamilyId, string Subject, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
