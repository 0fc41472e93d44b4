/**
 * Role-play scenarios (browser-safe: the session form lists them). The tutor plays `role`; the learner works
 * towards `goal`; `words` are French words the scene needs, suggested alongside the learner's due words.
 * `topic` and `difficulty` (1–5) describe the scene in the library, where each scenario is an item too.
 */
export interface Scenario {
  key: string;
  title: string;
  role: string;
  goal: string;
  opening: string;
  words: string[];
  topic: string;
  difficulty: number;
}

export const SCENARIOS: Scenario[] = [
  {
    key: "cafe",
    title: "Ordering at a café",
    role: "a waiter in a busy Paris café",
    goal: "Order a drink and something to eat, then ask for the bill.",
    opening: "Bonjour ! Qu'est-ce que je vous sers ?",
    words: ["café", "eau", "pain", "prix", "merci"],
    topic: "food",
    difficulty: 1,
  },
  {
    key: "directions",
    title: "Asking the way",
    role: "a friendly passer-by in Lyon",
    goal: "Find out how to get to the station.",
    opening: "Bonjour ! Vous cherchez quelque chose ?",
    words: ["gare", "rue", "gauche", "droite", "loin"],
    topic: "travel",
    difficulty: 2,
  },
  {
    key: "introductions",
    title: "Meeting a new colleague",
    role: "Camille, a new colleague at work",
    goal: "Introduce yourself: your name, where you live and what you like doing.",
    opening: "Salut ! Moi, c'est Camille. Et toi, tu t'appelles comment ?",
    words: ["nom", "habiter", "travail", "aimer", "ville"],
    topic: "people",
    difficulty: 1,
  },
  {
    key: "market",
    title: "At the market",
    role: "a stall holder at a Saturday market",
    goal: "Buy fruit and vegetables for a dinner for four.",
    opening: "Bonjour ! Elles sont belles, mes tomates, non ? Qu'est-ce qu'il vous faut ?",
    words: ["kilo", "fruit", "acheter", "combien", "prix"],
    topic: "shopping",
    difficulty: 2,
  },
  {
    key: "doctor",
    title: "At the doctor's",
    role: "a general practitioner",
    goal: "Explain what is wrong and understand the advice.",
    opening: "Bonjour, asseyez-vous. Qu'est-ce qui ne va pas ?",
    words: ["mal", "tête", "depuis", "jour", "médecin"],
    topic: "health",
    difficulty: 3,
  },
  {
    key: "hotel",
    title: "Checking in at a hotel",
    role: "a hotel receptionist",
    goal: "Check in, ask about breakfast and the Wi-Fi.",
    opening: "Bonsoir et bienvenue ! Vous avez une réservation ?",
    words: ["chambre", "nuit", "clé", "matin", "réservation"],
    topic: "travel",
    difficulty: 2,
  },
];

export const scenarioByKey = (key: string | null | undefined) => SCENARIOS.find((s) => s.key === key) ?? null;
