{{/*
Combinations of values that would install something broken. values.schema.json checks each value on its own; these
check values against each other, and fail the install with what to change.
*/}}
{{- define "nodelocal-operator.validate" -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) -}}
{{- fail (printf "replicas is %d but leaderElection.enabled is false: every replica would reconcile at once and they would overwrite each other's node cache objects. Set leaderElection.enabled=true, or replicas=1." (int .Values.replicas)) -}}
{{- end -}}
{{- if and .Values.monitoring.serviceMonitor.enabled .Values.monitoring.podMonitor.enabled -}}
{{- fail "monitoring.serviceMonitor.enabled and monitoring.podMonitor.enabled are both true: Prometheus would scrape every target twice and double every rate. Choose one." -}}
{{- end -}}
{{- if and .Values.monitoring.serviceMonitor.enabled (not .Values.metrics.service.enabled) -}}
{{- fail "monitoring.serviceMonitor.enabled needs metrics.service.enabled: the operator's ServiceMonitor scrapes through that Service. Enable it, or use monitoring.podMonitor.enabled instead." -}}
{{- end -}}
{{- if and .Values.podDisruptionBudget.enabled (gt (int .Values.replicas) 1) (not (kindIs "string" .Values.podDisruptionBudget.minAvailable)) (ge (int .Values.podDisruptionBudget.minAvailable) (int .Values.replicas)) -}}
{{- fail (printf "podDisruptionBudget.minAvailable (%d) must be below replicas (%d): otherwise no replica may ever be evicted and every node drain hangs." (int .Values.podDisruptionBudget.minAvailable) (int .Values.replicas)) -}}
{{- end -}}
{{- if .Values.nodeLocalDns.create -}}
{{- $namespace := dig "namespace" "kube-system" .Values.nodeLocalDns.spec -}}
{{- if ne $namespace .Values.nodeCacheNamespace -}}
{{- fail (printf "nodeLocalDns.spec.namespace is %q but nodeCacheNamespace is %q: the monitors, alerts and dashboard would look for the node cache in the wrong namespace. Set both to the same namespace." $namespace .Values.nodeCacheNamespace) -}}
{{- end -}}
{{- $port := int (dig "ports" "metrics" 9253 .Values.nodeLocalDns.spec) -}}
{{- if ne $port (int .Values.monitoring.nodeCacheMetricsPort) -}}
{{- fail (printf "nodeLocalDns.spec.ports.metrics is %d but monitoring.nodeCacheMetricsPort is %d: the PodMonitor would scrape a port nothing listens on. Set both to the same port." $port (int .Values.monitoring.nodeCacheMetricsPort)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
