namespace NodeLocalDns.KubeApiServer.Selectors;

/// <summary>The operators of k8s.io/apimachinery/pkg/selection.</summary>
internal enum LabelOperator
{
    Exists,
    DoesNotExist,
    Equals,
    NotEquals,
    In,
    NotIn,
    GreaterThan,
    LessThan,
}
