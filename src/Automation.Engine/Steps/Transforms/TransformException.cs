using Automation.Workflows;

namespace Automation.Engine.Steps.Transforms;

/// <summary>A transform's data does not fit an operation; the step fails with <see cref="Type"/>, never retried.</summary>
internal sealed class TransformException : AutomationException
{
    /// <summary>The error type of an operation applied to something that is not an array.</summary>
    public const string NotAnArray = "transform.not-an-array";

    /// <summary>The error type of an operation that needs objects and got something else.</summary>
    public const string NotAnObject = "transform.not-an-object";

    /// <summary>The error type of a <c>sum</c> or <c>avg</c> over values that are not numbers.</summary>
    public const string NotANumber = "transform.not-a-number";

    /// <summary>The error type of an argument that rendered to an unusable value, such as a <c>slice</c> start that is not a whole number.</summary>
    public const string InvalidArgument = "transform.invalid-argument";

    /// <summary>The error type of CSV text that cannot be read.</summary>
    public const string Csv = "transform.csv";

    /// <summary>Creates the exception.</summary>
    /// <param name="type">The error type.</param>
    /// <param name="message">What went wrong, for the step's error.</param>
    public TransformException(string type, string message)
        : base(message)
    {
        Type = type;
    }

    /// <summary>The error type.</summary>
    public string Type { get; }

    /// <summary>The step error.</summary>
    /// <returns>A non-retryable error.</returns>
    public StepError ToStepError() => new(Type, Message, Retryable: false);
}
