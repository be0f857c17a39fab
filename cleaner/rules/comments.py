"""Reader comments: the section header, the comment form and its furniture.

Catches
- headers that open the comment section: "Comments", "12 comments", "Leave a reply",
  "Kommentare", "Schreibe einen Kommentar", "Commentaires", "Deja un comentario";
  the classifier removes what follows them at the end of a page;
- the comment form's fixed lines: "Your email address will not be published.",
  "Required fields are marked *", "Save my name, email, and website ...";
- per-comment furniture: "Reply", "Antworten", "Name says:" (weak);
- the section's house rules written as sentences, anywhere in a short block: "Comments
  are moderated", "We ask that comments are civil", "Les commentaires sont fermés" (weak).
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, SpanRule, Strength, words

HEADERS = words(
    "comments", "comment", "reader comments", "leave a reply", "leave a comment",
    "post a comment", "add a comment", "add comment", "write a comment", "join the discussion",
    "join the conversation", "discussion", "responses", "replies", "what do you think",
    "kommentare", "kommentar", "leserkommentare", "kommentar schreiben",
    "schreibe einen kommentar", "hinterlasse einen kommentar", "kommentar verfassen",
    "diskussion", "antworten", "commentaires", "commentaire", "laisser un commentaire",
    "ajouter un commentaire", "réagir", "réactions", "comentarios", "comentario",
    "deja un comentario", "dejar un comentario", "deja tu comentario", "commenti", "commento",
    "lascia un commento", "lascia un commento", "comentários", "deixe um comentário",
    "deixe seu comentário", "komentarze", "komentarz", "dodaj komentarz", "reacties",
    "reactie", "laat een reactie achter", "kommentarer", "kommentar", "kommentoi",
    "kommentit", "комментарии", "评论",
    # "Post a comment" in more languages: the form's title opens the section as well.
    "publier un commentaire", "poster un commentaire", "écrire un commentaire",
    "rédiger un commentaire", "kommentar hinzufügen", "neuen kommentar schreiben",
    "publicar un comentario", "escribir un comentario", "escribe un comentario",
    "agregar un comentario", "añadir un comentario", "scrivi un commento",
    "aggiungi un commento", "escreva um comentário", "publicar comentário",
    "napisz komentarz", "plaats een reactie", "schrijf een reactie", "оставить комментарий",
    "dołącz do dyskusji", "skomentuj",
    "hinterlasse jetzt einen kommentar", "schreibe jetzt einen kommentar", "jetzt kommentieren",
    "leave your comment", "leave a comment below",
)  # fmt: skip

# The reply form's own link, on the header's line in many blog themes
# ("Schreibe einen Kommentar Antworten abbrechen").
CANCEL = words(
    "cancel reply", "antworten abbrechen", "antwort abbrechen", "annuler la réponse",
    "cancelar respuesta", "cancelar la respuesta", "annulla risposta", "cancelar resposta",
)  # fmt: skip
# "Comments (3)", "Kommentare insgesamt: 0", "Comments: 12".
COUNT = r"(?:[^\S\n]{0,2}(?:insgesamt|total|in total)?[^\S\n]{0,2}[:：]?[^\S\n]{0,2}\(?\d{1,6}\)?)?"

FORM_LINES = words(
    "your email address will not be published", "your email will not be published",
    "required fields are marked", "save my name, email, and website in this browser",
    "notify me of follow-up comments by email", "notify me of new posts by email",
    "you must be logged in to post a comment", "this site uses akismet to reduce spam",
    "cancel reply", "post comment", "submit comment",
    "ihre e-mail-adresse wird nicht veröffentlicht",
    "deine e-mail-adresse wird nicht veröffentlicht", "erforderliche felder sind mit",
    "meinen namen, meine e-mail-adresse und meine website in diesem browser speichern",
    "benachrichtige mich über nachfolgende kommentare", "kommentar abschicken",
    "antwort abbrechen", "votre adresse e-mail ne sera pas publiée",
    "votre adresse de messagerie ne sera pas publiée", "les champs obligatoires sont indiqués",
    "enregistrer mon nom, mon e-mail et mon site",
    "tu dirección de correo electrónico no será publicada",
    "los campos obligatorios están marcados",
    "il tuo indirizzo email non sarà pubblicato", "i campi obbligatori sono contrassegnati",
    "o seu endereço de email não será publicado", "o seu endereço de e-mail não será publicado",
    "twój adres e-mail nie zostanie opublikowany", "je e-mailadres wordt niet gepubliceerd",
    # Log-in notices above the form.
    "you must be logged in to", "you need to be logged in to", "log in to leave a comment",
    "du musst angemeldet sein, um", "sie müssen angemeldet sein, um",
    "vous devez être connecté pour", "debes iniciar sesión para", "debe iniciar sesión para",
    "devi essere connesso per", "você precisa fazer login para", "musisz być zalogowany",
)  # fmt: skip

# A comment section's house rules, written as sentences ("Comments are moderated and
# may be edited", "We ask that comments are civil"): weak, since an article may quote
# such a policy; found anywhere in a short block.
POLICY = words(
    "comments are moderated", "comments will be moderated", "comments may be moderated",
    "comments are subject to moderation", "comments are reviewed", "comments are closed",
    "comments have been closed", "comments have been disabled", "comments are disabled",
    "comments may be republished", "comments may be edited", "comments may be published",
    "we ask that comments", "please keep comments", "please keep your comments",
    "keep comments civil", "comment policy", "commenting policy", "comments policy",
    "community guidelines", "to publish all comments", "publish comments that",
    "email addresses will not be published", "email address will not be published",
    "be the first to comment", "no comments yet", "there are no comments",
    "kommentare werden moderiert", "kommentare sind geschlossen", "kommentarfunktion",
    "kommentarrichtlinien", "netiquette", "noch keine kommentare",
    "sei der erste, der", "seien sie der erste, der", "kommentare werden freigeschaltet",
    "les commentaires sont modérés", "les commentaires sont fermés", "charte de modération",
    "soyez le premier à commenter", "aucun commentaire", "los comentarios están cerrados",
    "los comentarios son moderados", "normas de participación", "sé el primero en comentar",
    "no hay comentarios", "i commenti sono chiusi", "i commenti sono moderati",
    "nessun commento", "os comentários são moderados", "seja o primeiro a comentar",
    "komentarze są moderowane", "brak komentarzy", "reacties zijn gesloten",
    "nog geen reacties",
)  # fmt: skip
POLICY_MARKERS = (  # each phrase holds one (as written, or title- or upper-cased)
    "comment", "kommentar", "netiquette", "comentar", "comentá", "komentarz", "reactie",
    "guidelines", "email address", "participación",
)  # fmt: skip

REPLY_WORDS = words(
    "reply", "report", "like", "log in to reply", "antworten", "melden", "répondre",
    "signaler", "responder", "rispondi", "odpowiedz", "beantwoorden",
)  # fmt: skip

RULES = (
    LineRule(
        "comments_header",
        Category.COMMENTS,
        Strength.HEADER,
        rf"(?:\d{{1,6}}[^\S\n]{{1,2}})?{HEADERS}{COUNT}[:.…]?(?:[^\S\n]{{1,3}}{CANCEL})?",
        "comments header opening the comment section",
    ),
    LineRule(
        "responses_to",
        Category.COMMENTS,
        Strength.HEADER,
        r"\d{1,6}[^\S\n]{1,2}(?:responses?|thoughts?|replies|comments?|kommentare?|"
        r"commentaires?|comentarios?|commenti|antworten)[^\S\n]{1,3}(?:to|on|zu|sur|a|en|su)"
        r"\b[^\n]{1,160}",
        "'N responses to ...' comments header",
    ),
    LineRule(
        "comment_form",
        Category.COMMENTS,
        Strength.STRONG,
        rf"{FORM_LINES}[^\n]{{0,200}}",
        "comment form notice",
    ),
    LineRule(
        "comment_author_says",
        Category.COMMENTS,
        Strength.WEAK,
        r"[^\n]{1,60}[^\S\n](?:says|sagt|dit|dice|scrive|schreibt|wrote|schrieb)[^\S\n]{0,2}:",
        "comment author line ('Name says:')",
    ),
    LineRule(
        "comment_reply_word",
        Category.COMMENTS,
        Strength.WEAK,
        rf"{REPLY_WORDS}(?:[^\S\n]{{0,3}}[|·↓][^\S\n]{{0,3}}{REPLY_WORDS}){{0,3}}",
        "comment control ('Reply')",
    ),
)

SPAN_RULES = (
    SpanRule(
        "comment_policy",
        Category.COMMENTS,
        Strength.WEAK,
        POLICY,
        "comment policy or moderation notice",
        max_block_chars=300,
        markers=POLICY_MARKERS,
    ),
)
