namespace Automation.Templates;

/// <summary>A template could not be parsed or rendered, or it references data that does not exist.</summary>
public sealed class TemplateException : AutomationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="expression">The template text at fault: the offending <c>{{ ... }}</c> or the whole string.</param>
    /// <param name="missingPath">The path of the missing data, if that is the problem.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TemplateException(string message, string expression, string? missingPath = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Expression = expression;
        MissingPath = missingPath;
    }

    /// <summary>The template text at fault: the offending <c>{{ ... }}</c> expression, or the whole template string.</summary>
    public string Expression { get; }

    /// <summary>The path of the data that does not exist, for example <c>input.customer.email</c>; null for other problems.</summary>
    public string? MissingPath { get; }

    /// <summary>Creates the exception for a reference to data that does not exist.</summary>
    /// <param name="expression">The offending template text.</param>
    /// <param name="missingPath">The path that does not exist.</param>
    /// <returns>The exception.</returns>
    internal static TemplateException Missing(string expression, string missingPath) =>
        new($"Template '{expression}' references missing data '{missingPath}'.", expression, missingPath);

    /// <summary>Creates the exception for a template with a syntax error.</summary>
    /// <param name="expression">The template string.</param>
    /// <param name="error">The parser's message.</param>
    /// <returns>The exception.</returns>
    internal static TemplateException Invalid(string expression, string error) =>
        new($"Template '{expression}' is invalid: {error}", expression);

    /// <summary>Creates the exception for a template that failed while rendering.</summary>
    /// <param name="expression">The template string.</param>
    /// <param name="cause">What failed.</param>
    /// <returns>The exception.</returns>
    internal static TemplateException Failed(string expression, Exception cause) =>
        new($"Template '{expression}' failed to render: {cause.Message}", expression, null, cause);

    /// <summary>Creates the exception for step arguments holding a secret placeholder that came from workflow data.</summary>
    /// <param name="placeholder">The placeholder.</param>
    /// <param name="name">The secret's name.</param>
    /// <returns>The exception.</returns>
    internal static TemplateException ForeignSecret(string placeholder, string name) =>
        new($"The step's arguments hold the secret placeholder '{placeholder}' from workflow data (the input or a step output), not "
            + $"written by this step's template: a secret is only used where the step itself writes {{{{ secrets.{name} }}}}.", placeholder);
}
