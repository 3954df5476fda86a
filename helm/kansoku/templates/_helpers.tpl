{{/* Names and labels shared by every template. */}}

{{- define "kansoku.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* release-chart, or the release name alone when it already holds the chart name. */}}
{{- define "kansoku.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects: fullname-component, within 63 characters. */}}
{{- define "kansoku.componentName" -}}
{{- printf "%s-%s" (include "kansoku.fullname" .root | trunc (int (sub 62 (len .component))) | trimSuffix "-") .component -}}
{{- end -}}

{{- define "kansoku.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kansoku.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "kansoku.labels" -}}
{{ include "kansoku.selectorLabels" . }}
app.kubernetes.io/part-of: kansoku
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end -}}
{{- end -}}

{{/* Labels of PrometheusRule, ServiceMonitor and PodMonitor objects. */}}
{{- define "kansoku.monitoringLabels" -}}
{{ include "kansoku.labels" . }}
{{- with .root.Values.monitoringLabels }}
{{ toYaml . }}
{{- end -}}
{{- end -}}

{{- define "kansoku.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* The Secret holding the forwarder's ingest token, and its key. */}}
{{- define "kansoku.ingestTokenSecret" -}}
{{- default (include "kansoku.componentName" (dict "root" . "component" "ingest-token")) .Values.forwarder.ingestToken.existingSecret -}}
{{- end -}}

{{/* URL Fluentd posts error records to. */}}
{{- define "kansoku.forwarderIngestUrl" -}}
{{- printf "http://%s.%s.svc:%d/ingest" (include "kansoku.componentName" (dict "root" . "component" "forwarder")) .Release.Namespace (int .Values.forwarder.ingestPort) -}}
{{- end -}}

{{- define "kansoku.elasticsearchUrl" -}}
{{- with .Values.elasticsearch -}}
{{- printf "%s://%s:%d" .scheme .host (int .port) -}}
{{- end -}}
{{- end -}}

{{/*
Environment variables KANSOKU_ES_USERNAME and KANSOKU_ES_PASSWORD from a Secret, given as
(dict "secret" name "usernameKey" key "passwordKey" key); nothing without a secret.
kansoku es setup reads them, and the forwarder's configuration refers to them as ${VAR}.
*/}}
{{- define "kansoku.elasticsearchCredentialsEnv" -}}
{{- if .secret }}
- name: KANSOKU_ES_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .usernameKey }}
- name: KANSOKU_ES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .passwordKey }}
{{- end }}
{{- end -}}

{{/* The chart's Elasticsearch credentials (elasticsearch.credentials) as that dict. */}}
{{- define "kansoku.elasticsearchCredentials" -}}
{{- with .Values.elasticsearch.credentials -}}
{{- dict "secret" .existingSecret "usernameKey" .usernameKey "passwordKey" .passwordKey | toJson -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret the chart creates for forwarder.elasticsearchCredentials.username/password. */}}
{{- define "kansoku.forwarderElasticsearchSecret" -}}
{{- include "kansoku.componentName" (dict "root" . "component" "forwarder-elasticsearch") -}}
{{- end -}}

{{/*
The forwarder's Elasticsearch credentials as that dict: its existingSecret, else the Secret
the chart makes of its username and password, else elasticsearch.credentials.
*/}}
{{- define "kansoku.forwarderElasticsearchCredentials" -}}
{{- $c := .Values.forwarder.elasticsearchCredentials -}}
{{- if $c.existingSecret -}}
{{- dict "secret" $c.existingSecret "usernameKey" $c.usernameKey "passwordKey" $c.passwordKey | toJson -}}
{{- else if $c.username -}}
{{- dict "secret" (include "kansoku.forwarderElasticsearchSecret" .) "usernameKey" "username" "passwordKey" "password" | toJson -}}
{{- else -}}
{{- include "kansoku.elasticsearchCredentials" . -}}
{{- end -}}
{{- end -}}

{{/* "true" when the forwarder's configuration reads (inputs) or keeps (state) anything in Elasticsearch. */}}
{{- define "kansoku.forwarderUsesElasticsearch" -}}
{{- $c := .Values.forwarder.config -}}
{{- if or (hasKey ($c.inputs | default dict) "elasticsearch") (hasKey ($c.state | default dict) "elasticsearch") -}}true{{- end -}}
{{- end -}}

{{/* Security context of a container that needs nothing from the kernel and writes nowhere but its volumes. */}}
{{- define "kansoku.restrictedContainer" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Security context of a pod whose containers all run as the image's unprivileged user. */}}
{{- define "kansoku.restrictedPod" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* "true" when the forwarder keeps its state in SQLite (its default), "" when in Elasticsearch. */}}
{{- define "kansoku.forwarderUsesSqlite" -}}
{{- if not (hasKey (.Values.forwarder.config.state | default dict) "elasticsearch") -}}true{{- end -}}
{{- end -}}

{{/* Environment of the setup Job: credentials, and no TLS verification when told so. */}}
{{- define "kansoku.esSetupEnv" -}}
{{- if not .Values.elasticsearch.sslVerify }}
- name: NODE_TLS_REJECT_UNAUTHORIZED
  value: "0"
{{- end }}
{{ include "kansoku.elasticsearchCredentialsEnv" (include "kansoku.elasticsearchCredentials" . | fromJson) }}
{{- end -}}

{{/*
The generated rules and dashboards: the values `kansoku generate --format helm-values`
wrote (generated.rules, generated.dashboards), each part that is not given falling back to
the chart's own copy of that output (files/helm-values.yaml). Returned as YAML.
*/}}
{{- define "kansoku.generated" -}}
{{- $defaults := (.Files.Get "files/helm-values.yaml" | fromYaml).generated -}}
{{- $given := .Values.generated -}}
rules: {{ toJson (default $defaults.rules $given.rules) }}
dashboards: {{ toJson (default $defaults.dashboards $given.dashboards) }}
{{- end -}}
