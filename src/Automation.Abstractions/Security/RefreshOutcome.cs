namespace Automation.Security;

/// <summary>What presenting a refresh token did.</summary>
public enum RefreshOutcome
{
    /// <summary>The token was valid: it is now used and its successor is stored.</summary>
    Rotated,

    /// <summary>Unknown, expired or revoked.</summary>
    Invalid,

    /// <summary>Already used: presumed stolen, so its whole family was revoked.</summary>
    Reused,
}
