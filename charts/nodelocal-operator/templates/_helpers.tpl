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
