"""Sentences a counsellor could write on the forum, with the personal data each one holds.

Each entry is ``(sentence, expected)``: ``expected`` lists ``(kind, text)`` pairs, the exact text
the guard must find; an empty list is a negative (nothing may be flagged). The NIRs and IBANs are
fictitious but carry a valid control key; the "invalid" ones have a wrong key on purpose.
Used by tests/community/privacy/test_personal_data.py and ``manage.py personal_data_report``.
"""

NIR, IBAN, PHONE, EMAIL, BIRTH_DATE = "nir", "iban", "phone", "email", "birth_date"

POSITIVES = [
    # Social security numbers (NIR) with their key, in the usual spellings.
    (
        "Mon bénéficiaire m'a donné son numéro de sécu : 2 69 05 49 588 157 80, je le mets ici.",
        [(NIR, "2 69 05 49 588 157 80")],
    ),
    (
        "Pour le dossier CPF, voici son NIR 269054958815780 si quelqu'un peut vérifier.",
        [(NIR, "269054958815780")],
    ),
    (
        "NIR de Mme B. : 1.85.03.75.123.456.41, son compte Ameli est bloqué.",
        [(NIR, "1.85.03.75.123.456.41")],
    ),
    (
        "Numéro de sécurité sociale 1 88 06 75 056 123 54 (monsieur suivi à Créteil).",
        [(NIR, "1 88 06 75 056 123 54")],
    ),
    (
        "Elle est née en Corse, n° SS 2 85 12 2A 123 456 95, l'attestation ne passe pas.",
        [(NIR, "2 85 12 2A 123 456 95")],
    ),
    (
        "Bastia : NIR 176052B04512370, est-ce normal que le portail le refuse ?",
        [(NIR, "176052B04512370")],
    ),
    (
        "Son numéro de sécu est le 2-03-01-33-012-345-16, il vient d'être immatriculé.",
        [(NIR, "2-03-01-33-012-345-16")],
    ),
    (
        "Je vous transmets le numéro 1 97 11 69 123 017 85 pour l'inscription France Travail.",
        [(NIR, "1 97 11 69 123 017 85")],
    ),
    (
        "Carte vitale : 190081234567830, la personne n'a pas de compte Ameli.",
        [(NIR, "190081234567830")],
    ),
    # IBANs.
    (
        "Pour le remboursement des frais, son RIB : FR76 3000 6000 0112 3456 7890 189.",
        [(IBAN, "FR76 3000 6000 0112 3456 7890 189")],
    ),
    (
        "IBAN FR7630006000011234567890189 à transmettre au financeur, c'est bien ça ?",
        [(IBAN, "FR7630006000011234567890189")],
    ),
    (
        "Le stagiaire a donné FR14 2004 1010 0505 0001 3M02 606 comme compte, l'OPCO le refuse.",
        [(IBAN, "FR14 2004 1010 0505 0001 3M02 606")],
    ),
    (
        "Il a un compte en Allemagne : DE89 3704 0044 0532 0130 00, ça pose problème pour l'aide ?",
        [(IBAN, "DE89 3704 0044 0532 0130 00")],
    ),
    (
        "Compte belge du bénéficiaire BE71096123456769 pour la rémunération de stage.",
        [(IBAN, "BE71096123456769")],
    ),
    # Mobile phone numbers.
    ("Vous pouvez rappeler Mme L. au 06 12 34 56 78 après 17 h.", [(PHONE, "06 12 34 56 78")]),
    (
        "Son portable : 06.12.34.56.78, elle attend un retour sur sa VAE.",
        [(PHONE, "06.12.34.56.78")],
    ),
    ("Contactez le jeune directement au 0612345678 pour le rendez-vous.", [(PHONE, "0612345678")]),
    (
        "Le bénéficiaire est joignable au +33 6 12 34 56 78 (il est en Espagne).",
        [(PHONE, "+33 6 12 34 56 78")],
    ),
    ("Numéro du monsieur : 07 81 23 45 67, il préfère les SMS.", [(PHONE, "07 81 23 45 67")]),
    ("Tél. 07-81-23-45-67, demandez Karim de ma part.", [(PHONE, "07-81-23-45-67")]),
    ("Elle m'a laissé le +33781234567 pour la suite du bilan.", [(PHONE, "+33781234567")]),
    (
        "Portable 06 98 76 54 32 ou 0698765432, c'est le même.",
        [(PHONE, "06 98 76 54 32"), (PHONE, "0698765432")],
    ),
    (
        "Son numéro est le +33 (0)6 12 34 56 78 d'après le dossier.",
        [(PHONE, "+33 (0)6 12 34 56 78")],
    ),
    # E-mail addresses.
    (
        "Écrivez-lui à jean.dupont85@gmail.com pour les pièces justificatives.",
        [(EMAIL, "jean.dupont85@gmail.com")],
    ),
    (
        "Son adresse : marie-claire.martin@orange.fr, elle ne consulte pas souvent.",
        [(EMAIL, "marie-claire.martin@orange.fr")],
    ),
    (
        "Je mets en copie sa messagerie, k.benali+cv@hotmail.fr.",
        [(EMAIL, "k.benali+cv@hotmail.fr")],
    ),
    ("Mail perso du bénéficiaire : lucas_2001@laposte.net", [(EMAIL, "lucas_2001@laposte.net")]),
    # Dates of birth.
    (
        "Mme D., née le 12/03/1985, souhaite une reconversion dans le soin.",
        [(BIRTH_DATE, "12/03/1985")],
    ),
    ("DDN : 03.04.1990, niveau bac, sans emploi depuis deux ans.", [(BIRTH_DATE, "03.04.1990")]),
    (
        "Monsieur né le 1er mars 1978, ancien cariste, veut passer un CACES.",
        [(BIRTH_DATE, "1er mars 1978")],
    ),
    ("Date de naissance : 24/11/2003, il sort de garantie jeunes.", [(BIRTH_DATE, "24/11/2003")]),
    (
        "Jeune né(e) le 05-09-2006, décrocheur, en attente d'une place en E2C.",
        [(BIRTH_DATE, "05-09-2006")],
    ),
    (
        "Bénéficiaire (DDN 17/06/72) orientée vers un bilan de compétences.",
        [(BIRTH_DATE, "17/06/72")],
    ),
    (
        "Elle est née le 8 juillet 1969 et vise une retraite progressive.",
        [(BIRTH_DATE, "8 juillet 1969")],
    ),
    # Several kinds at once.
    (
        "Dossier de M. K. : NIR 1 85 03 75 123 456 41, tél. 06 12 34 56 78, k.k@free.fr, "
        "né le 12/03/1985.",
        [
            (NIR, "1 85 03 75 123 456 41"),
            (PHONE, "06 12 34 56 78"),
            (EMAIL, "k.k@free.fr"),
            (BIRTH_DATE, "12/03/1985"),
        ],
    ),
    (
        "Virement sur FR76 3000 6000 0112 3456 7890 189, confirmation à sofia.r@yahoo.fr.",
        [(IBAN, "FR76 3000 6000 0112 3456 7890 189"), (EMAIL, "sofia.r@yahoo.fr")],
    ),
]

NEGATIVES = [
    # Phone numbers of structures, in a professional context (landlines and 08 numbers).
    "Le CIO de Montreuil répond au 01 48 70 12 34 du lundi au vendredi.",
    "Appelez la plateforme Mon Compte Formation au 09 70 82 35 51.",
    "France Travail : 39 49, ou le 3949 depuis un fixe.",
    "Le numéro vert du CEP est le 0 800 10 10 10, gratuit.",
    "Transitions Pro Auvergne-Rhône-Alpes : 04 72 61 85 00, accueil téléphonique le matin.",
    "Standard de la Mission locale : 02.40.12.34.56.",
    "Centre Inffo : +33 1 55 93 91 91, service juridique.",
    "Le Carif-Oref répond au 05 56 01 02 03 pour les questions de formation.",
    "Numéro Indigo de l'Apec : 0 809 361 212.",
    # Dates of events.
    "Réunion du réseau CEP le 12/03/2026 à 14 h à la Maison de l'emploi.",
    "Le décret est paru le 24.12.2025 au Journal officiel.",
    "Date limite de dépôt des dossiers : 30/06/2026.",
    "La session de VAE démarre le 1er septembre 2026, inscriptions avant le 15 juillet 2026.",
    "Le bénéficiaire a eu son entretien le 05-01-2026, suite le 19-01-2026.",
    "Formation du 2 au 6 février 2026 à Lyon.",
    "Nouvelle naissance dans l'équipe : bienvenue à la petite Léa ! Retour de Julie le 03/05/2026.",
    # Amounts, postcodes, identifiers of structures and trainings.
    "Le CPF est crédité de 500 € par an, plafonné à 5 000 €.",
    "Reste à charge de 1 500 € après la prise en charge de 3 200 €.",
    "Montant du PTP accordé : 12 450,00 € pour 2026.",
    "L'agence est au 12 rue Oberkampf, 75011 Paris.",
    "Permanence à Villeurbanne (69100) et à Vaulx-en-Velin (69120).",
    "SIRET de l'organisme : 732 829 320 00074, déclaration d'activité à jour.",
    "L'OF a le SIRET 35600000000048, il est certifié Qualiopi.",
    "Le SIRET 44306184100047 apparaît bien dans la base de l'EDOF.",
    "Numéro de déclaration d'activité : 11 75 12345 75.",
    "La certification RNCP35584 remplace l'ancienne RNCP 34079.",
    "Code NSF 330 t, code ROME K1201, code Formacode 44067.",
    "Fiche RS5432 : habilitation électrique, éligible au CPF.",
    "Le code CPF de l'action est 12345678901234 sur Mon Compte Formation.",
    "Dossier AIF n° 2026-0012345, référence interne 2026/03/4567.",
    "Numéro de session 2026-04-0017, 12 places disponibles.",
    # NIR-looking numbers with a wrong key, IBAN-looking with a wrong checksum.
    "Le numéro 2 69 05 49 588 157 81 est refusé par le portail, clé incorrecte.",
    "Exemple de format du NIR : 1 23 45 67 890 123 00 (fictif).",
    "Un IBAN mal recopié comme FR76 3000 6000 0112 3456 7890 188 est rejeté.",
    # Professional or generic mentions without personal data.
    "Le bénéficiaire a 35 ans et un enfant de 4 ans, il cherche une formation courte.",
    "Elle a 12 ans d'expérience en logistique, dont 3 en tant que cheffe d'équipe.",
    "Les candidats nés avant 1970 peuvent demander un bilan retraite.",
    "Horaires : 9 h 00 – 12 h 30 et 13 h 30 – 17 h 00.",
    "La version 2.4.1 du portail corrige le calcul des heures.",
    "Il faut 1 607 heures d'expérience pour la VAE, soit environ un an à temps plein.",
    "Le taux de retour à l'emploi est de 62,5 % à six mois.",
    "Article L6323-17-1 du code du travail, modifié en 2025.",
    "Décret n° 2025-1234 du 20 novembre 2025.",
]

# What the guard does not catch, by design or for want of a reliable signal: reported apart by
# ``manage.py personal_data_report``, not counted in the figures above.
KNOWN_LIMITS = [
    # A landline is taken for a structure's number (see community/privacy/detection.py).
    ("Elle n'a pas de portable, appelez son fixe : 01 43 55 12 12.", [(PHONE, "01 43 55 12 12")]),
    # A NIR without its key cannot be told from any 13-digit number.
    ("NIR sans la clé : 2 69 05 49 588 157.", [(NIR, "2 69 05 49 588 157")]),
    # An address spelled out to dodge filters.
    ("Son mail : jean point dupont arobase gmail point com.", [(EMAIL, "jean point dupont")]),
    # A date of birth without a birth word near it.
    ("M. T. (12/03/1985, 40 ans) cherche une formation de soudeur.", [(BIRTH_DATE, "12/03/1985")]),
]
