// CoE Assistant: Microsoft Graph application permissions for the bot's managed identity
// (deployed by teamsapp.yml -> arm/deploy after infra/azure.bicep, which outputs BOT_PRINCIPAL_ID).
//
//   GroupMember.Read.All  read the members of Entra groups (transitive), for review routing and announcement audiences
//   User.Read.All         read people: display name, department (business unit) and manager
//
// Granting an application permission is an app role assignment on the Microsoft Graph service principal. The
// person who deploys this with grantGraphPermissions = 'true' needs AppRoleAssignment.ReadWrite.All and
// Application.Read.All in Entra ID (for example the Privileged Role Administrator role); this assignment IS the admin
// consent. With 'false' (the default) nothing is assigned and an admin grants the permissions by hand (infra/README.md).

targetScope = 'resourceGroup'

// Microsoft Graph Bicep types (v1.0 endpoint); needs Bicep CLI v0.36.1 or later.
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'

@description('Service principal (object) id of the bot\'s user-assigned managed identity (BOT_PRINCIPAL_ID from infra/azure.bicep).')
param botPrincipalId string

@allowed([
  'true'
  'false'
])
@description('\'true\': assign GroupMember.Read.All and User.Read.All to the bot identity (needs an Entra admin to deploy). \'false\': assign nothing. (A string so it can come from an env file.)')
param grantGraphPermissions string = 'false'

var grant = grantGraphPermissions == 'true'

// The Microsoft Graph service principal exists in every tenant under this well-known application id.
resource graph 'Microsoft.Graph/servicePrincipals@v1.0' existing = if (grant) {
  appId: '00000003-0000-0000-c000-000000000000'
}

// Application permission (app role) ids of Microsoft Graph; the same in every tenant.
var appRoleIds = {
  groupMemberReadAll: '98830695-27a2-44f7-8c18-0c3ebc9698f6'
  userReadAll: 'df021288-bdef-4463-88db-98f22de89214'
}

resource groupMemberReadAll 'Microsoft.Graph/appRoleAssignedTo@v1.0' = if (grant) {
  principalId: botPrincipalId
  resourceId: graph.id
  appRoleId: appRoleIds.groupMemberReadAll
}

resource userReadAll 'Microsoft.Graph/appRoleAssignedTo@v1.0' = if (grant) {
  principalId: botPrincipalId
  resourceId: graph.id
  appRoleId: appRoleIds.userReadAll
}

output GRAPH_PERMISSIONS_GRANTED string = grant ? 'GroupMember.Read.All, User.Read.All' : ''
