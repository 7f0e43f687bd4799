/**
 * Column-name synonyms for layouts Rebound does not know by name, in English and Spanish (plus a
 * little French for Brevo). Order matters: the first synonym present wins, so specific names come
 * before vague ones ("email address" before "address", which Mailchimp uses for postal addresses).
 * Names are compared after normalizeHeaderName (no case, accents, spaces or punctuation).
 */
export const SYNONYMS = {
  email: [
    "email", "e-mail", "email address", "e-mail address", "emailaddress", "mail", "correo", "correo electrónico",
    "dirección de correo", "dirección de correo electrónico", "dirección email", "dirección e-mail", "email del contacto",
    "adresse e-mail", "adresse email", "courriel", "address", "recipient", "recipient email", "rcpt", "rcpt to",
    "destinatario", "to",
  ],
  status: ["status", "dsn status", "dsn", "enhanced status", "enhanced status code", "status code", "código", "codigo", "estado", "code dsn"],
  replyCode: [
    "reply code", "smtp code", "smtp reply code", "smtp status", "code", "error code", "bounce code",
    "código smtp", "código de respuesta", "código de error",
  ],
  diagnostic: [
    "diagnostic", "diagnostic code", "diagnóstico", "bounce reason", "reason", "motivo", "motivo del rebote", "razón",
    "error", "error message", "message", "mensaje", "respuesta", "smtp response", "response", "details", "detalle",
    "description", "descripción", "motif", "raison",
  ],
  date: [
    "date", "fecha", "timestamp", "bounced at", "bounce date", "fecha del rebote", "fecha de rebote", "created",
    "created at", "time", "datetime", "fecha y hora", "hora", "event date", "date de l'événement",
  ],
  name: ["name", "full name", "nombre completo", "nombre y apellidos", "contact name", "nombre", "nom"],
  firstName: ["first name", "firstname", "fname", "given name", "nombre de pila", "prénom", "prenom"],
  lastName: ["last name", "lastname", "lname", "surname", "apellidos", "apellido"],
  phone: ["phone", "phone number", "teléfono", "telefono", "móvil", "movil", "mobile", "celular", "tel", "telephone", "sms"],
  company: ["company", "company name", "empresa", "organization", "organisation", "organización", "compañía", "société"],
  category: ["category", "categoría", "categoria", "bounceCat", "bounce category"],
  remoteMta: ["remote mta", "remoteMta", "dsnMta", "mx", "mta"],
} as const;

