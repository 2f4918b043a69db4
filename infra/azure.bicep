// CoE Assistant: Azure resources for one environment (deployed by teamsapp.yml -> arm/deploy).
//
//   user-assigned managed identity  = the bot's identity (single tenant, no client secret)
//   App Service plan (Linux) + Web App (Node 20 LTS) running the bot
//   Azure Bot (global) + Microsoft Teams channel
//   Azure Database for PostgreSQL Flexible Server (v16) + database
//   Azure OpenAI account + chat model deployment + embedding model deployment (optional)
//   Azure AI Search service for the retrieval index (optional, off by default)
//   Key Vault (RBAC) holding the DB admin password, DATABASE_URL, the OpenAI key and the Search admin key
//   Log Analytics workspace + Application Insights
//
// Every output is written back to env/.env.<env> by Teams Toolkit under its (upper-case) name.
// Parameters are documented in infra/README.md.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------- parameters

@minLength(3)
@maxLength(12)
@description('Lower-case prefix (letters and digits, starting with a letter) for every resource name.')
param resourceBaseName string

@description('Region for the regional resources (everything but the Azure Bot, which is global).')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags object = {}

@description('App Service plan SKU (Linux). Always On needs Basic (B1) or higher.')
param webAppSku string = 'B1'

@allowed([
  'F0'
  'S1'
])
@description('Azure Bot pricing tier. The Teams channel is a standard channel and free on F0.')
param botServiceSku string = 'F0'

@maxLength(42)
@description('Display name of the Azure Bot resource.')
param botDisplayName string = 'CoE Assistant'

@description('PostgreSQL administrator login name.')
param postgresAdminLogin string = 'coeadmin'

@secure()
@minLength(8)
@description('PostgreSQL administrator password. Stored in Key Vault, never output.')
param postgresAdminPassword string

@description('PostgreSQL Flexible Server compute SKU.')
param postgresSkuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
@description('PostgreSQL Flexible Server compute tier; must match postgresSkuName.')
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL major version.')
param postgresVersion string = '16'

@description('PostgreSQL storage size in GB.')
param postgresStorageSizeGB int = 32

@description('Name of the application database.')
param postgresDatabaseName string = 'coe'

@allowed([
  'true'
  'false'
])
@description('\'true\': create an Azure OpenAI account and model deployment. \'false\': use azureOpenAIEndpoint / azureOpenAIApiKey. (A string so it can come from an env file.)')
param createAzureOpenAI string = 'true'

@description('Region for the Azure OpenAI account (model availability differs by region). Empty: same as location.')
param azureOpenAILocation string = ''

@description('Name of the model deployment the bot calls (AZURE_OPENAI_DEPLOYMENT_NAME).')
param azureOpenAIDeploymentName string = 'gpt-4.1-mini'

@description('Model to deploy.')
param azureOpenAIModelName string = 'gpt-4.1-mini'

@description('Model version to deploy.')
param azureOpenAIModelVersion string = '2025-04-14'

@description('Deployment type (SKU) of the model deployment, e.g. GlobalStandard or Standard.')
param azureOpenAIDeploymentSku string = 'GlobalStandard'

@description('Model deployment capacity, in thousands of tokens per minute.')
param azureOpenAIDeploymentCapacity int = 30

@description('Endpoint of an existing Azure OpenAI resource; used only when createAzureOpenAI is \'false\'.')
param azureOpenAIEndpoint string = ''

@secure()
@description('API key of that existing resource; used only when createAzureOpenAI is \'false\'.')
param azureOpenAIApiKey string = ''

@secure()
@description('Key that signs citation links to restricted playbooks (COE_LINK_SECRET). The default is new on every deployment, which only ends the links issued before it (they live COE_LINK_TTL_MINUTES).')
param linkSigningSecret string = '${newGuid()}${newGuid()}'

@description('Name of the embedding deployment for hybrid retrieval (AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME). Empty: no deployment and no app setting. With createAzureOpenAI \'false\' it must already exist on that resource.')
param azureOpenAIEmbeddingDeploymentName string = 'text-embedding-3-small'

@description('Embedding model to deploy.')
param azureOpenAIEmbeddingModelName string = 'text-embedding-3-small'

@description('Embedding model version to deploy.')
param azureOpenAIEmbeddingModelVersion string = '1'

@description('Deployment type (SKU) of the embedding deployment, e.g. GlobalStandard or Standard.')
param azureOpenAIEmbeddingDeploymentSku string = 'GlobalStandard'

@description('Embedding deployment capacity, in thousands of tokens per minute.')
param azureOpenAIEmbeddingDeploymentCapacity int = 30

@minValue(0)
@maxValue(60000)
@description('AZURE_OPENAI_EMBEDDING_TIMEOUT_MS: how long a question waits for its embedding (100-60000). 0: no app setting (the app\'s default, 2000).')
param azureOpenAIEmbeddingTimeoutMs int = 0

@allowed([
  'true'
  'false'
])
@description('\'true\': create an Azure AI Search service as the retrieval backend (the app creates and fills the index). \'false\': no service and no AZURE_SEARCH_* app settings. (A string so it can come from an env file.)')
param createAzureSearch string = 'false'

@allowed([
  'yaml'
  'graph'
])
@description('COE_DIRECTORY: \'yaml\' reads approvers and groups from config/coe.yaml; \'graph\' reads Entra ID through Microsoft Graph with the bot\'s managed identity (needs the Graph application permissions granted by infra/graph-permissions.bicep, see infra/README.md).')
param directoryMode string = 'yaml'

@allowed([
  'free'
  'basic'
  'standard'
  'standard2'
  'standard3'
  'storage_optimized_l1'
  'storage_optimized_l2'
])
@description('Azure AI Search pricing tier. \'free\' allows one service per subscription and no semantic ranker.')
param azureSearchSku string = 'basic'

@minLength(2)
@maxLength(128)
@description('Name of the index the app creates and fills (AZURE_SEARCH_INDEX): lower-case letters, digits and single dashes.')
param azureSearchIndexName string = 'coe-passages'

@description('Semantic configuration the app adds to the index and ranks with (AZURE_SEARCH_SEMANTIC_CONFIGURATION). Empty: BM25 ranking only and no app setting.')
param azureSearchSemanticConfiguration string = ''

@allowed([
  'free'
  'standard'
])
@description('Semantic ranker plan of the search service; applied only when azureSearchSemanticConfiguration is set (needs Basic or higher).')
param azureSearchSemanticRankerPlan string = 'free'

@minValue(0)
@maxValue(60000)
@description('AZURE_SEARCH_TIMEOUT_MS: how long one search may take before the app falls back to its embedded index (200-60000). 0: no app setting (the app\'s default, 5000).')
param azureSearchTimeoutMs int = 0

@minValue(30)
@maxValue(730)
@description('Log Analytics retention in days.')
param logRetentionInDays int = 30

@description('Client id of the Entra app the dashboard tab\'s Teams SSO tokens are issued for (aadApp/create in teamsapp.yml); empty: no tab sign-in.')
param tabSsoClientId string = ''

// ---------------------------------------------------------------- names

var openAILocation = empty(azureOpenAILocation) ? location : azureOpenAILocation
var base = toLower(resourceBaseName)
var suffix = substring(uniqueString(resourceGroup().id, base), 0, 6)

var identityName = '${base}-bot-id'
var logAnalyticsName = '${base}-logs-${suffix}'
var appInsightsName = '${base}-appi-${suffix}'
var keyVaultName = '${base}-kv-${suffix}' // <= 24 characters
var planName = '${base}-plan-${suffix}'
var webAppName = '${base}-web-${suffix}'
var botServiceName = '${base}-bot-${suffix}'
var postgresServerName = '${base}-pg-${suffix}'
var openAIName = '${base}-oai-${suffix}'
var searchServiceName = '${base}-srch-${suffix}'

var createOpenAI = createAzureOpenAI == 'true'
var storeOpenAIKey = createOpenAI || !empty(azureOpenAIApiKey)
var useEmbeddings = !empty(azureOpenAIEmbeddingDeploymentName)
var createEmbeddingDeployment = createOpenAI && useEmbeddings
var createSearch = createAzureSearch == 'true'

// Built-in role: Key Vault Secrets User (read secret contents).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// ---------------------------------------------------------------- identity

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

// ---------------------------------------------------------------- monitoring

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
  }
}

// ---------------------------------------------------------------- Key Vault

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

// The bot's identity may read secrets: App Service resolves the Key Vault references with it.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------- PostgreSQL

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  tags: tags
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: postgresVersion
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: postgresStorageSizeGB
      autoGrow: 'Disabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: postgresDatabaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 - 0.0.0.0 is the special rule "allow public access from any Azure service".
// Created after the database: the server accepts one change at a time.
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    postgresDatabase
  ]
}

// ---------------------------------------------------------------- Azure OpenAI

resource openAI 'Microsoft.CognitiveServices/accounts@2024-10-01' = if (createOpenAI) {
  name: openAIName
  location: openAILocation
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: openAIName
    publicNetworkAccess: 'Enabled'
    disableLocalAuth: false
  }
}

resource openAIDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = if (createOpenAI) {
  parent: openAI
  name: azureOpenAIDeploymentName
  sku: {
    name: azureOpenAIDeploymentSku
    capacity: azureOpenAIDeploymentCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: azureOpenAIModelName
      version: azureOpenAIModelVersion
    }
  }
}

// Embedding model for hybrid retrieval. Created after the chat deployment: an account accepts one
// deployment change at a time. The fallback name only keeps the (skipped) resource's id well-formed.
resource openAIEmbeddingDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = if (createEmbeddingDeployment) {
  parent: openAI
  name: useEmbeddings ? azureOpenAIEmbeddingDeploymentName : 'no-embedding-deployment'
  sku: {
    name: azureOpenAIEmbeddingDeploymentSku
    capacity: azureOpenAIEmbeddingDeploymentCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: azureOpenAIEmbeddingModelName
      version: azureOpenAIEmbeddingModelVersion
    }
  }
  dependsOn: [
    openAIDeployment
  ]
}

var openAIEndpoint = createOpenAI ? openAI.properties.endpoint : azureOpenAIEndpoint

// ---------------------------------------------------------------- Azure AI Search

// The app creates the index itself and writes documents with the admin key, so API keys stay enabled.
// The semantic ranker plan is only set when the app is configured to use a semantic configuration.
resource searchService 'Microsoft.Search/searchServices@2023-11-01' = if (createSearch) {
  name: searchServiceName
  location: location
  tags: tags
  sku: {
    name: azureSearchSku
  }
  properties: union({
    replicaCount: 1
    partitionCount: 1
    hostingMode: 'default'
    publicNetworkAccess: 'enabled'
    disableLocalAuth: false
  }, empty(azureSearchSemanticConfiguration) ? {} : {
    semanticSearch: azureSearchSemanticRankerPlan
  })
}

var searchEndpoint = createSearch ? 'https://${searchServiceName}.search.windows.net' : ''

// ---------------------------------------------------------------- secrets

resource postgresPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'postgres-admin-password'
  properties: {
    value: postgresAdminPassword
    contentType: 'text/plain'
  }
}

resource linkSigningSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'coe-link-secret'
  properties: {
    value: linkSigningSecret
    contentType: 'text/plain'
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'database-url'
  properties: {
    value: 'postgresql://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${postgresDatabaseName}?sslmode=require'
    contentType: 'text/plain'
  }
  dependsOn: [
    postgresDatabase
  ]
}

resource openAIKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (storeOpenAIKey) {
  parent: keyVault
  name: 'azure-openai-api-key'
  properties: {
    value: createOpenAI ? openAI.listKeys().key1 : azureOpenAIApiKey
    contentType: 'text/plain'
  }
}

resource searchKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (createSearch) {
  parent: keyVault
  name: 'azure-search-api-key'
  properties: {
    value: searchService.listAdminKeys().primaryKey
    contentType: 'text/plain'
  }
}

// Version-less secret URIs: App Service picks up a rotated secret without a redeploy.
var databaseUrlReference = '@Microsoft.KeyVault(SecretUri=${databaseUrlSecret.properties.secretUri})'
var openAIKeyReference = storeOpenAIKey ? '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/azure-openai-api-key)' : ''
var searchKeyReference = createSearch ? '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/azure-search-api-key)' : ''

// Optional app settings, present only when the feature is configured (the app treats a missing
// setting as "off" or as its default).
var embeddingAppSettings = !useEmbeddings ? [] : concat([
  {
    name: 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME'
    value: azureOpenAIEmbeddingDeploymentName
  }
], azureOpenAIEmbeddingTimeoutMs == 0 ? [] : [
  {
    name: 'AZURE_OPENAI_EMBEDDING_TIMEOUT_MS'
    value: string(azureOpenAIEmbeddingTimeoutMs)
  }
])

var searchAppSettings = !createSearch ? [] : concat([
  {
    name: 'AZURE_SEARCH_ENDPOINT'
    value: searchEndpoint
  }
  {
    name: 'AZURE_SEARCH_INDEX'
    value: azureSearchIndexName
  }
  {
    name: 'AZURE_SEARCH_API_KEY'
    value: searchKeyReference
  }
], empty(azureSearchSemanticConfiguration) ? [] : [
  {
    name: 'AZURE_SEARCH_SEMANTIC_CONFIGURATION'
    value: azureSearchSemanticConfiguration
  }
], azureSearchTimeoutMs == 0 ? [] : [
  {
    name: 'AZURE_SEARCH_TIMEOUT_MS'
    value: string(azureSearchTimeoutMs)
  }
])

// ---------------------------------------------------------------- App Service

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    // Resolve @Microsoft.KeyVault(...) app settings with the user-assigned identity.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // Start the compiled bot directly: `npm start` would run the prestart build.
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appSettings: concat([
        {
          name: 'BOT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'BOT_TYPE'
          value: 'UserAssignedMsi'
        }
        {
          name: 'BOT_TENANT_ID'
          value: identity.properties.tenantId
        }
        {
          name: 'BOT_PASSWORD'
          value: ''
        }
        {
          // The audiences the dashboard tab accepts: the SSO app's client id (v2 tokens) and its application ID URI.
          name: 'TAB_SSO_AUDIENCE'
          value: empty(tabSsoClientId) ? '' : '${tabSsoClientId},api://${webAppName}.azurewebsites.net/${tabSsoClientId}'
        }
        {
          // Lets DefaultAzureCredential pick the right identity if the app ever uses one.
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'DATABASE_URL'
          value: databaseUrlReference
        }
        {
          name: 'AZURE_OPENAI_ENDPOINT'
          value: openAIEndpoint
        }
        {
          name: 'AZURE_OPENAI_API_KEY'
          value: openAIKeyReference
        }
        {
          name: 'AZURE_OPENAI_DEPLOYMENT_NAME'
          value: azureOpenAIDeploymentName
        }
        {
          name: 'COE_CONFIG'
          value: './config/coe.yaml'
        }
        {
          // Every instance signs and checks restricted-playbook links with the same key.
          name: 'COE_LINK_SECRET'
          value: '@Microsoft.KeyVault(SecretUri=${linkSigningSecretValue.properties.secretUri})'
        }
        {
          // Citation links point at the app itself.
          name: 'PUBLIC_BASE_URL'
          value: 'https://${webAppName}.azurewebsites.net'
        }
        {
          // 'graph': the app gets app-only Graph tokens from the App Service managed identity endpoint
          // (IDENTITY_ENDPOINT / IDENTITY_HEADER, set by App Service) for the identity named by AZURE_CLIENT_ID.
          name: 'COE_DIRECTORY'
          value: directoryMode
        }
        {
          name: 'COE_PLAYBOOKS_DIR'
          value: './playbooks'
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          // The zip already contains node_modules and dist/ (built by `teamsapp deploy`).
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'RUNNING_ON_AZURE'
          value: '1'
        }
      ], embeddingAppSettings, searchAppSettings)
    }
  }
  dependsOn: [
    // the identity must be able to read the secrets the settings point at
    keyVaultSecretsUser
    linkSigningSecretValue
    openAIKeySecret
    searchKeySecret
    openAIDeployment
    openAIEmbeddingDeployment
  ]
}

resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------- Azure Bot

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
    developerAppInsightKey: appInsights.properties.InstrumentationKey
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

// ---------------------------------------------------------------- outputs (-> env/.env.<env>)

output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
// The identity's service principal (object) id: infra/graph-permissions.bicep grants it the Graph application permissions.
output BOT_PRINCIPAL_ID string = identity.properties.principalId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_SERVICE_NAME string = botService.name
output AZURE_OPENAI_ENDPOINT string = openAIEndpoint
output AZURE_OPENAI_DEPLOYMENT_NAME string = azureOpenAIDeploymentName
output AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME string = azureOpenAIEmbeddingDeploymentName
output AZURE_SEARCH_ENDPOINT string = searchEndpoint
output KEY_VAULT_NAME string = keyVault.name
output POSTGRES_SERVER_FQDN string = postgres.properties.fullyQualifiedDomainName
output POSTGRES_DATABASE_NAME string = postgresDatabaseName
