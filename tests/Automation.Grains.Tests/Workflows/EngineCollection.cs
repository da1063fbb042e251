namespace Automation.Grains.Tests.Workflows;

/// <summary>Tests that share <see cref="EngineFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "engine";
}
