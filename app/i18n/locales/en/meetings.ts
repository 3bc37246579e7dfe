export const meetings = {
  title: "Bilateral meeting",
};
