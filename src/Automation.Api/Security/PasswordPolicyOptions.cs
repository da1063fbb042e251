namespace Automation.Api.Security;

/// <summary>Rules every new password must meet. Bound from <c>Automation:Auth:PasswordPolicy</c>.</summary>
public sealed class PasswordPolicyOptions
{
    /// <summary>Fewest characters. Default 12.</summary>
    public int MinLength { get; set; } = 12;

    /// <summary>Most characters (bounds the hashing work an attacker can ask for). Default 128.</summary>
    public int MaxLength { get; set; } = 128;

    /// <summary>Whether a digit is required.</summary>
    public bool RequireDigit { get; set; }

    /// <summary>Whether an upper-case letter is required.</summary>
    public bool RequireUppercase { get; set; }

    /// <summary>Whether a lower-case letter is required.</summary>
    public bool RequireLowercase { get; set; }

    /// <summary>Whether a character that is neither letter nor digit is required.</summary>
    public bool RequireSymbol { get; set; }

    /// <summary>Fewest distinct characters. Default 5 (refuses <c>aaaaaaaaaaaa</c>).</summary>
    public int MinDistinct { get; set; } = 5;
}
