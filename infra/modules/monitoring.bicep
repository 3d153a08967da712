// Log Analytics: App Service console/HTTP logs, PostgreSQL and Key Vault diagnostics.
param name string
param location string
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

output workspaceId string = workspace.id
