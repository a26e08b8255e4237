export const defaultAdminTemplateFields = [
  "id",
  "name",
  "description",
  "subject",
  "preheader",
  "document",
  "version",
  "starter_handle",
  "metadata",
  "created_at",
  "updated_at",
]

/** Fields a client may ask for (and order by); anything else is dropped, never sent to the database. */
export const allowedAdminTemplateFields = [...defaultAdminTemplateFields]

export const listTemplatesQueryConfig = {
  defaults: defaultAdminTemplateFields,
  allowed: allowedAdminTemplateFields,
  defaultLimit: 20,
  isList: true,
}

export const retrieveTemplateQueryConfig = {
  defaults: defaultAdminTemplateFields,
  allowed: allowedAdminTemplateFields,
  isList: false,
}
