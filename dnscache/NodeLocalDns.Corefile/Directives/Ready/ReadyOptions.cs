using NodeLocalDns.Corefile.Configuration;
namespace NodeLocalDns.Corefile.Directives.Ready;

/// <summary><c>ready [ADDRESS]</c>: HTTP <c>/ready</c> answering 200 <c>OK</c> once every server listens (default <c>:8181</c>).</summary>
public sealed record ReadyOptions(HttpListenAddress Address);
