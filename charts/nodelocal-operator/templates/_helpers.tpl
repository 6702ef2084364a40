{{/* The chart name, or nameOverride. */}}
{{- define "nodelocal-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The name of the release's objects: fullnameOverride, else "<release>-<name>" (just "<release>" when it already contains the name). */}}
{{- define "nodelocal-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "nodelocal-operator.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "nodelocal-operator.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* "<chart>-<version>" for the helm.sh/chart label. */}}
{{- define "nodelocal-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the operator pods; never change them in an upgrade (Deployment selectors are immutable). */}}
{{- define "nodelocal-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nodelocal-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels on every object of the release. */}}
{{- define "nodelocal-operator.labels" -}}
helm.sh/chart: {{ include "nodelocal-operator.chart" . }}
{{ include "nodelocal-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: nodelocal-operator
{{- end -}}

{{/* The operator's ServiceAccount. */}}
{{- define "nodelocal-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "nodelocal-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The operator image: repository:tag, or repository:tag@digest when a digest is given (the digest decides what is pulled). */}}
{{- define "nodelocal-operator.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The job label Prometheus gives the operator's targets (the monitors take it from app.kubernetes.io/name). */}}
{{- define "nodelocal-operator.job" -}}
{{- include "nodelocal-operator.name" . -}}
{{- end -}}

{{/* The job label of the node cache targets (the monitors take it from the k8s-app label the operator sets). */}}
{{- define "nodelocal-operator.nodeCacheJob" -}}
node-local-dns
{{- end -}}

{{/* Labels on the monitoring objects: the release's, and monitoring.labels for the Prometheus's selectors. */}}
{{- define "nodelocal-operator.monitoringLabels" -}}
{{ include "nodelocal-operator.labels" . }}
{{- with .Values.monitoring.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}
