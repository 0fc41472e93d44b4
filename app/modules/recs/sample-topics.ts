import { LIBRARY_CONTENT_TYPES } from "./content-types.ts";

/**
 * The sample catalog's topics (taste clusters): tags, title stems, article sentences and quiz questions. Real
 * content, small on purpose: enough for a library that reads as one and quizzes whose answers are right.
 */
export interface QuizQuestion {
  prompt: string;
  choices: string[];
  /** Index into choices. */
  answer: number;
}

export interface Topic {
  key: string;
  name: string;
  tags: string[];
  titles: string[];
  sentences: string[];
  questions: QuizQuestion[];
}

export const TOPICS: Topic[] = [
  {
    key: "algorithms",
    name: "Algorithms",
    tags: ["algorithms", "data-structures", "complexity", "sorting", "graphs"],
    titles: [
      "Binary search, carefully",
      "Graphs in practice",
      "Sorting without tears",
      "Big-O by example",
      "Dynamic programming step by step",
      "Hash tables inside out",
    ],
    sentences: [
      "Binary search halves the interval at every step, so a sorted million items needs about twenty comparisons.",
      "A hash table trades memory for constant expected lookup time; its load factor decides when it grows.",
      "Breadth-first search finds shortest paths in unweighted graphs; Dijkstra's algorithm handles non-negative weights.",
      "Merge sort is stable and always O(n log n); quicksort is usually faster in memory but has a quadratic worst case.",
      "Dynamic programming stores the answers to overlapping subproblems so each is solved once.",
    ],
    questions: [
      {
        prompt: "How many comparisons does binary search need on 1,000,000 sorted items, at most?",
        choices: ["About 20", "About 1,000", "About 500,000"],
        answer: 0,
      },
      {
        prompt: "Which sort is stable and O(n log n) in the worst case?",
        choices: ["Quicksort", "Merge sort", "Heapsort"],
        answer: 1,
      },
      {
        prompt: "Which algorithm finds shortest paths with non-negative edge weights?",
        choices: ["Depth-first search", "Dijkstra's algorithm", "Bubble sort"],
        answer: 1,
      },
    ],
  },
  {
    key: "web",
    name: "Web development",
    tags: ["web", "http", "css", "javascript", "accessibility"],
    titles: [
      "HTTP caching explained",
      "CSS layout with grid",
      "Progressive enhancement",
      "Forms that work everywhere",
      "Accessible buttons",
      "Server-sent events",
    ],
    sentences: [
      "A 304 Not Modified answer lets the browser reuse its cached copy after a cheap revalidation.",
      "CSS grid lays out rows and columns at once; flexbox lays out one direction at a time.",
      "Progressive enhancement starts from HTML that works without JavaScript and adds behaviour on top.",
      "A native button element is focusable and keyboard-operable without any extra code.",
      "Server-sent events stream text from server to browser over one long HTTP response.",
    ],
    questions: [
      {
        prompt: "Which status code tells the browser to reuse its cached copy?",
        choices: ["200", "304", "404"],
        answer: 1,
      },
      {
        prompt: "Which CSS layout handles rows and columns at once?",
        choices: ["Grid", "Float", "Inline-block"],
        answer: 0,
      },
      {
        prompt: "Which element is keyboard-operable with no extra code?",
        choices: ["<div>", "<span>", "<button>"],
        answer: 2,
      },
    ],
  },
  {
    key: "ml",
    name: "Machine learning",
    tags: ["machine-learning", "statistics", "embeddings", "evaluation", "neural-networks"],
    titles: [
      "Overfitting in one picture",
      "Embeddings for recommendations",
      "Cross-validation done right",
      "Gradient descent intuition",
      "Precision and recall",
      "Bayesian shrinkage",
    ],
    sentences: [
      "A model that fits its training data perfectly may still generalise badly: hold out data to find out.",
      "Embeddings place similar items close together so that nearest neighbours become recommendations.",
      "Gradient descent follows the negative gradient of the loss; the learning rate sets the step size.",
      "Precision is the share of retrieved items that are relevant; recall is the share of relevant items retrieved.",
      "Shrinkage pulls noisy individual estimates toward the group mean, more so when data are scarce.",
    ],
    questions: [
      {
        prompt: "Recall measures the share of…",
        choices: [
          "retrieved items that are relevant",
          "relevant items that are retrieved",
          "items never shown",
        ],
        answer: 1,
      },
      {
        prompt: "What does the learning rate control in gradient descent?",
        choices: ["The step size", "The number of features", "The batch order"],
        answer: 0,
      },
      {
        prompt: "Shrinkage pulls estimates hardest when…",
        choices: ["data are plentiful", "data are scarce", "the model is linear"],
        answer: 1,
      },
    ],
  },
  {
    key: "climbing",
    name: "Climbing",
    tags: ["climbing", "bouldering", "technique", "finger-strength", "injury-prevention"],
    titles: [
      "Silent feet drill",
      "Hangboarding for beginners",
      "Reading a boulder problem",
      "Flagging explained",
      "Pulley injuries and recovery",
      "Warming up for limit bouldering",
    ],
    sentences: [
      "Placing each foot without a sound forces precise footwork and takes weight off the arms.",
      "Finger tendons adapt more slowly than muscles, which is why new climbers should wait before hangboarding.",
      "A flag uses a free leg as a counterweight to stop the body from swinging off the wall.",
      "Most pulley injuries happen on small crimps when the fingers are already tired.",
      "A progressive warm-up from easy traverses to moderate problems prepares tendons for hard moves.",
    ],
    questions: [
      {
        prompt: "Why wait before hangboarding as a new climber?",
        choices: ["Tendons adapt slowly", "Shoes need breaking in", "Chalk is expensive"],
        answer: 0,
      },
      {
        prompt: "What does a flag do?",
        choices: ["Marks the route", "Counterbalances the body", "Protects the fingers"],
        answer: 1,
      },
      {
        prompt: "Pulley injuries most often happen on…",
        choices: ["jugs", "slopers", "small crimps"],
        answer: 2,
      },
    ],
  },
  {
    key: "french",
    name: "French",
    tags: ["french", "grammar", "vocabulary", "pronunciation", "conversation"],
    titles: [
      "Le or la?",
      "The passé composé in ten minutes",
      "Ordering at a café",
      "Silent letters",
      "Liaisons you must make",
      "Tu or vous?",
    ],
    sentences: [
      "Most nouns ending in -tion are feminine: la nation, la question, la station.",
      "The passé composé combines avoir or être with a past participle: j'ai mangé, je suis allé.",
      "Vous is the polite or plural you; tu is for friends, family and children.",
      "A final consonant is often silent, but a liaison pronounces it before a vowel: les amis.",
      "At a café, 'je voudrais un café, s'il vous plaît' is polite and always understood.",
    ],
    questions: [
      { prompt: "Which article goes with 'question'?", choices: ["le", "la", "les"], answer: 1 },
      {
        prompt: "Which auxiliary does 'aller' take in the passé composé?",
        choices: ["avoir", "être", "faire"],
        answer: 1,
      },
      { prompt: "Which 'you' is polite?", choices: ["tu", "vous", "toi"], answer: 1 },
    ],
  },
  {
    key: "productivity",
    name: "Typing and productivity",
    tags: ["typing", "keyboard", "productivity", "ergonomics", "focus"],
    titles: [
      "Touch typing basics",
      "Home row habits",
      "Keyboard ergonomics",
      "Deliberate practice",
      "Deep work sessions",
      "Shortcuts worth learning",
    ],
    sentences: [
      "Touch typing keeps the eyes on the screen; the home row is where each finger returns.",
      "Accuracy first: speed follows once the right finger hits the right key without looking.",
      "Wrists should float, not rest on an edge, while the fingers type.",
      "Deliberate practice targets your weakest keys instead of repeating what you already do well.",
      "A focused block of 50 minutes with a short break beats an afternoon of interruptions.",
    ],
    questions: [
      {
        prompt: "Which row do the fingers return to in touch typing?",
        choices: ["The top row", "The home row", "The number row"],
        answer: 1,
      },
      {
        prompt: "What should come first when learning to type?",
        choices: ["Speed", "Accuracy", "Loud keys"],
        answer: 1,
      },
      {
        prompt: "Deliberate practice targets…",
        choices: ["your weakest skills", "what you already know", "random texts"],
        answer: 0,
      },
    ],
  },
];

/** The sample catalog holds the library's own types (other modules list their practice themselves). */
export const SAMPLE_CONTENT_TYPES = LIBRARY_CONTENT_TYPES;
export type SampleContentType = (typeof SAMPLE_CONTENT_TYPES)[number];
