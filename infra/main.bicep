// Candor on Azure: one resource group holding the bot registration, the app (App Service on Linux
// running the container from docs/deploy.md), a user-assigned managed identity, PostgreSQL flexible
// server, Key Vault, Log Analytics and a container registry. Deployed by `atk provision` (arm/deploy in
// m365agents.yml) with azure.parameters.json; the Entra app registration is made before, by ATK's
// aadApp/create from aad.manifest.json (Bicep cannot make app registrations with app roles reliably).
targetScope = 'resourceGroup'

@minLength(3)
@maxLength(20)
@description('Prefix of every resource name; the app is served at https://<resourceBaseName>.azurewebsites.net.')
param resourceBaseName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Client id of the Entra app registration (aadApp/create): the bot identity and the tab SSO audience.')
param botAadAppClientId string

@secure()
@description('Client secret of that app registration; stored in Key Vault, never in app settings.')
param botAadAppClientSecret string

@description('The Teams app id (the manifest id, made by the toolkit\'s teamsApp/create): activity feed notifications link to the app\'s tabs with it.')
param teamsAppId string

@description('The agency tenant.')
param tenantId string = subscription().tenantId

@description('Bot display name in Azure Bot Service.')
param botDisplayName string = 'Candor'

@description('Container image tag deployed by `atk deploy` (az acr build pushes candor:<tag>).')
param containerImageTag string = 'latest'

@description('App Service plan SKU (P1v3 or above for production: zone redundancy, deployment slots).')
param appServiceSku string = 'P1v3'

@description('Number of app instances; several share PostgreSQL and the pg-boss queue (docs/operations.md).')
@minValue(1)
param instanceCount int = 1

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'candoradmin'

@secure()
@description('PostgreSQL administrator password; stored in Key Vault as part of DATABASE_URL.')
param postgresAdminPassword string

@description('PostgreSQL flexible server SKU name.')
param postgresSkuName string = 'Standard_D2ds_v5'

@description('PostgreSQL flexible server SKU tier.')
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'GeneralPurpose'

@description('Days of point-in-time restore kept by PostgreSQL (7 to 35).')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 35

@description('Days Log Analytics keeps logs.')
param logRetentionDays int = 90

@description('Directory source: org-chart or graph (graph needs the Graph application permissions and admin consent).')
@allowed(['org-chart', 'graph'])
param directory string = 'graph'

var names = {
  identity: '${resourceBaseName}-identity'
  logs: '${resourceBaseName}-logs'
  vault: take('${resourceBaseName}-kv', 24)
  registry: take(replace('${resourceBaseName}acr', '-', ''), 50)
  postgres: '${resourceBaseName}-pg'
  plan: '${resourceBaseName}-plan'
  site: resourceBaseName
  bot: '${resourceBaseName}-bot'
}
var databaseName = 'candor'
var publicHost = '${names.site}.azurewebsites.net'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: names.logs
    location: location
    retentionInDays: logRetentionDays
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    name: names.registry
    location: location
    pullPrincipalId: identity.properties.principalId
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: names.postgres
    location: location
    administratorLogin: postgresAdminLogin
    administratorPassword: postgresAdminPassword
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    backupRetentionDays: postgresBackupRetentionDays
    databaseName: databaseName
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.vault
    location: location
    tenantId: tenantId
    readerPrincipalId: identity.properties.principalId
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    botAppPassword: botAadAppClientSecret
    databaseUrl: 'postgres://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgres.outputs.fqdn}:5432/${databaseName}?sslmode=require'
  }
}

module web 'modules/appservice.bicep' = {
  name: 'appservice'
  params: {
    planName: names.plan
    siteName: names.site
    location: location
    sku: appServiceSku
    instanceCount: instanceCount
    identityId: identity.id
    identityClientId: identity.properties.clientId
    image: '${registry.outputs.loginServer}/candor:${containerImageTag}'
    registryLoginServer: registry.outputs.loginServer
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    appSettings: {
      CANDOR_MODE: 'production'
      HOST: '0.0.0.0'
      PORT: '3978'
      WEBSITES_PORT: '3978'
      PUBLIC_URL: 'https://${publicHost}'
      DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${vault.outputs.databaseUrlUri})'
      BOT_APP_ID: botAadAppClientId
      BOT_APP_PASSWORD: '@Microsoft.KeyVault(SecretUri=${vault.outputs.botAppPasswordUri})'
      BOT_APP_TYPE: 'SingleTenant'
      BOT_TENANT_ID: tenantId
      TEAMS_TENANT_ID: tenantId
      ENTRA_TENANT_ID: tenantId
      ENTRA_APP_ID: botAadAppClientId
      ENTRA_APP_ID_URI: 'api://${publicHost}/${botAadAppClientId}'
      DIRECTORY: directory
      GRAPH_TENANT_ID: tenantId
      GRAPH_CLIENT_ID: botAadAppClientId
      GRAPH_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${vault.outputs.botAppPasswordUri})'
      // Activity feed notifications (Graph, DIRECTORY=graph) link to the app's tabs.
      TEAMS_APP_ID: teamsAppId
      // Teams meetings for events: on-behalf-of the tab's signed-in user (the same app registration).
      MEETINGS: 'graph'
      ENTRA_APP_SECRET: '@Microsoft.KeyVault(SecretUri=${vault.outputs.botAppPasswordUri})'
    }
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: names.bot
    displayName: botDisplayName
    msaAppId: botAadAppClientId
    tenantId: tenantId
    endpoint: 'https://${publicHost}/api/messages'
  }
}

// Read by m365agents.yml (arm/deploy writes each output to env/.env.<env>).
output BOT_DOMAIN string = publicHost
output PUBLIC_URL string = 'https://${publicHost}'
output BOT_ENDPOINT string = 'https://${publicHost}/api/messages'
output AZURE_WEBAPP_NAME string = web.outputs.siteName
output AZURE_WEBAPP_RESOURCE_ID string = web.outputs.siteId
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output AZURE_POSTGRES_FQDN string = postgres.outputs.fqdn
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId
output AZURE_BOT_NAME string = bot.outputs.name
