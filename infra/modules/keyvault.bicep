// Key Vault (RBAC) holding the app's secrets; the app's user-assigned identity reads them through
// App Service Key Vault references (Key Vault Secrets User).
param name string
param location string
param tenantId string
param readerPrincipalId string
param logAnalyticsWorkspaceId string
@secure()
@description('Client secret of the bot / Entra app registration.')
param botAppPassword string
@secure()
@description('The full PostgreSQL connection string.')
param databaseUrl string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource botAppPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-app-password'
  properties: { value: botAppPassword }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: { value: databaseUrl }
}

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerPrincipalId, secretsUserRoleId)
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: vault
  name: 'to-log-analytics'
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'audit', enabled: true }]
  }
}

output name string = vault.name
// Versionless secret URIs, so a rotated secret is picked up by App Service without a redeploy.
output botAppPasswordUri string = '${vault.properties.vaultUri}secrets/${botAppPasswordSecret.name}'
output databaseUrlUri string = '${vault.properties.vaultUri}secrets/${databaseUrlSecret.name}'