export const bilaterals = {
  title: "Bilateral meetings",
};
